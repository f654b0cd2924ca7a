import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { MAX_HISTORY, recommendItemsOnDevice } from '../recommend.js';
import { canPlaceNewItems, recommendForNewItem } from '../recommend-new-item.js';
import { similarItemsOnDevice } from '../similar.js';
import { PipelineError, UsageError } from '../../core/errors.js';
import { AmbiguousError, NotFoundError } from './catalog.js';
import { ServerMetrics } from './metrics.js';
import type { ExcludeMode, ServingModel } from './model.js';

/**
 * The HTTP JSON API over a loaded run (fastify):
 *   GET  /similar?item=ID|title words&k=10
 *   GET  /recommend?user=ID&k=10[&exclude=all|train|none]   or   ?history=ID1,ID2&k=10
 *   POST /recommend {"history": [ID, ...], "k": 10}          (a new user: fold-in)
 *   POST /recommend {"newItem": {"title": ..., "genres": ...}, "k": 10}   (a new item: users to show it
 *        to and similar items, through the content tower of a lightgcn-ncf run)
 *   POST /recommend {"newUser": {"age": 34, ...}, "k": 10}   (a user with no history: items from the
 *        user tower of a lightgcn-ncf run on a graph with user features)
 *   GET  /health, GET /metrics
 * Every parameter is validated by a JSON schema (400 with a message), unknown parameters are
 * rejected, k and the body size are bounded, and model errors map to 404 (unknown id) or 400.
 */
export interface ServerOptions {
  /** Largest k a request may ask for (default 100). */
  maxK?: number;
  /** Largest request body in bytes (default 64 KiB). */
  bodyLimit?: number;
  /** Called for unexpected (500) errors. */
  onError?: (err: unknown) => void;
}

interface ErrorBody {
  error: string;
  message: string;
  hint?: string;
  candidates?: { id: string; title: string | null }[];
}

const MAX_QUERY = 500;

export function buildServer(model: ServingModel, opts: ServerOptions = {}): FastifyInstance {
  const maxK = opts.maxK ?? 100;
  const app = Fastify({
    logger: false,
    bodyLimit: opts.bodyLimit ?? 64 * 1024,
    requestTimeout: 10_000,
    // Reject unknown parameters instead of silently dropping them.
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
  });
  const metrics = new ServerMetrics();
  const k = { type: 'integer', minimum: 1, maximum: maxK, default: 10 } as const;
  const exclude = { type: 'string', enum: ['all', 'train', 'none'], default: 'all' } as const;
  const id = { type: 'string', minLength: 1, maxLength: MAX_QUERY } as const;

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url === undefined ? 'unmatched' : `${req.method} ${req.routeOptions.url}`;
    metrics.record(route, reply.statusCode, reply.elapsedTime);
  });

  app.setErrorHandler((err: FastifyError, _req, reply) => {
    const [status, body] = errorResponse(err, opts.onError);
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({
      error: 'not-found',
      message: `no route ${req.method} ${req.url.split('?')[0]}`,
      hint: 'routes: GET /similar, GET|POST /recommend, GET /health, GET /metrics',
    });
  });

  app.get<{ Querystring: { item: string; k: number } }>(
    '/similar',
    {
      schema: {
        querystring: { type: 'object', required: ['item'], additionalProperties: false, properties: { item: id, k } },
      },
    },
    async (req) => {
      const r = await similarItemsOnDevice(model, req.query.item, req.query.k);
      const { index: _index, ...item } = r.query;
      return { item, k: req.query.k, search: r.search, results: r.results };
    },
  );

  app.get<{ Querystring: { user?: string; history?: string; k: number; exclude: ExcludeMode } }>(
    '/recommend',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          // "exactly one of user and history" is checked by recommendItems, with a clearer message.
          properties: { user: id, history: { type: 'string', minLength: 1, maxLength: 20_000 }, k, exclude },
        },
      },
    },
    async (req) => {
      const { user, k: kk, exclude: ex } = req.query;
      const history = req.query.history
        ?.split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      return recommendResponse(model, { user, history, k: kk, exclude: ex });
    },
  );

  app.post<{
    Body: { history?: string[]; newItem?: Record<string, unknown>; newUser?: Record<string, unknown>; k: number };
  }>(
    '/recommend',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            history: { type: 'array', minItems: 1, maxItems: MAX_HISTORY, items: id },
            newItem: { type: 'object', maxProperties: 100 },
            newUser: { type: 'object', maxProperties: 100 },
            k,
          },
        },
      },
    },
    async (req) => {
      const { history, newItem, newUser, k: kk } = req.body;
      if ([history, newItem, newUser].filter((x) => x !== undefined).length !== 1) {
        throw new UsageError(
          'give one of "history" (a new user\'s items), "newUser" (a new user\'s features) or "newItem" (a new item\'s features)',
          { field: 'body' },
        );
      }
      if (newUser !== undefined) {
        const r = await recommendItemsOnDevice(model, { newUser, k: kk });
        return { user: r.newUser, k: kk, results: r.results };
      }
      if (newItem === undefined) return recommendResponse(model, { history, k: kk });
      const r = recommendForNewItem(model, { item: newItem, k: kk });
      return { item: r.item, k: kk, users: r.users, similar: r.similar };
    },
  );

  app.get('/health', async () => ({
    status: 'ok',
    run: model.runDir,
    model: model.opened.record.model,
    kind: model.opened.kind,
    users: model.catalog.numUsers,
    items: model.catalog.numItems,
    dim: model.items.dim,
    search: model.index.describe(),
    recommender: model.recommender.description,
    device: model.device.line,
    newItems: canPlaceNewItems(model),
    newUsers: model.recommender.forFeatures !== undefined && model.opened.store.dataset.userContent !== null,
    maxK,
  }));

  app.get('/metrics', async () => metrics.snapshot());
  return app;
}

async function recommendResponse(
  model: ServingModel,
  req: { user?: string; history?: string[]; k: number; exclude?: ExcludeMode },
) {
  const r = await recommendItemsOnDevice(model, req);
  return { user: r.user, history: r.history, k: req.k, excluded: r.excluded, results: r.results };
}

/** Maps an error to an HTTP status and a JSON body; only unexpected errors are 500. */
export function errorResponse(err: FastifyError | Error, onError?: (err: unknown) => void): [number, ErrorBody] {
  const fe = err as FastifyError;
  if (fe.validation) {
    return [400, { error: 'bad-request', message: fe.message }];
  }
  if (err instanceof NotFoundError)
    return [404, { error: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) }];
  if (err instanceof AmbiguousError)
    return [
      400,
      { error: err.code, message: err.message, candidates: err.candidates, ...(err.hint ? { hint: err.hint } : {}) },
    ];
  if (err instanceof PipelineError)
    return [400, { error: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) }];
  // fastify's own client errors: bad JSON (400), body too large (413), wrong content type (415)...
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return [fe.statusCode, { error: fe.code ?? 'bad-request', message: fe.message }];
  }
  onError?.(err);
  return [500, { error: 'internal', message: 'internal error' }];
}
