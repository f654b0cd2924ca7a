import Fastify from 'fastify';
import { MAX_HISTORY, recommendItems } from '../recommend.js';
import { similarItems } from '../similar.js';
import { PipelineError } from '../util/errors.js';
import { AmbiguousError, NotFoundError } from './catalog.js';
import { ServerMetrics } from './metrics.js';
const MAX_QUERY = 500;
export function buildServer(model, opts = {}) {
    const maxK = opts.maxK ?? 100;
    const app = Fastify({
        logger: false,
        bodyLimit: opts.bodyLimit ?? 64 * 1024,
        requestTimeout: 10_000,
        // Reject unknown parameters instead of silently dropping them.
        ajv: { customOptions: { removeAdditional: false, allErrors: false } },
    });
    const metrics = new ServerMetrics();
    const k = { type: 'integer', minimum: 1, maximum: maxK, default: 10 };
    const exclude = { type: 'string', enum: ['all', 'train', 'none'], default: 'all' };
    const id = { type: 'string', minLength: 1, maxLength: MAX_QUERY };
    app.addHook('onResponse', async (req, reply) => {
        const route = req.routeOptions.url === undefined ? 'unmatched' : `${req.method} ${req.routeOptions.url}`;
        metrics.record(route, reply.statusCode, reply.elapsedTime);
    });
    app.setErrorHandler((err, _req, reply) => {
        const [status, body] = errorResponse(err, opts.onError);
        void reply.status(status).send(body);
    });
    app.setNotFoundHandler((req, reply) => {
        void reply.status(404).send({ error: 'not-found', message: `no route ${req.method} ${req.url.split('?')[0]}`, hint: 'routes: GET /similar, GET|POST /recommend, GET /health, GET /metrics' });
    });
    app.get('/similar', { schema: { querystring: { type: 'object', required: ['item'], additionalProperties: false, properties: { item: id, k } } } }, async (req) => {
        const r = similarItems(model, req.query.item, req.query.k);
        const { index: _index, ...item } = r.query;
        return { item, k: req.query.k, search: r.search, results: r.results };
    });
    app.get('/recommend', {
        schema: {
            querystring: {
                type: 'object',
                additionalProperties: false,
                // "exactly one of user and history" is checked by recommendItems, with a clearer message.
                properties: { user: id, history: { type: 'string', minLength: 1, maxLength: 20_000 }, k, exclude },
            },
        },
    }, async (req) => {
        const { user, k: kk, exclude: ex } = req.query;
        const history = req.query.history?.split(',').map((s) => s.trim()).filter((s) => s !== '');
        return recommendResponse(model, { user, history, k: kk, exclude: ex });
    });
    app.post('/recommend', {
        schema: {
            body: {
                type: 'object',
                required: ['history'],
                additionalProperties: false,
                properties: { history: { type: 'array', minItems: 1, maxItems: MAX_HISTORY, items: id }, k },
            },
        },
    }, async (req) => recommendResponse(model, { history: req.body.history, k: req.body.k }));
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
        maxK,
    }));
    app.get('/metrics', async () => metrics.snapshot());
    return app;
}
function recommendResponse(model, req) {
    const r = recommendItems(model, req);
    return { user: r.user, history: r.history, k: req.k, excluded: r.excluded, results: r.results };
}
/** Maps an error to an HTTP status and a JSON body; only unexpected errors are 500. */
export function errorResponse(err, onError) {
    const fe = err;
    if (fe.validation) {
        return [400, { error: 'bad-request', message: fe.message }];
    }
    if (err instanceof NotFoundError)
        return [404, { error: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) }];
    if (err instanceof AmbiguousError)
        return [400, { error: err.code, message: err.message, candidates: err.candidates, ...(err.hint ? { hint: err.hint } : {}) }];
    if (err instanceof PipelineError)
        return [400, { error: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) }];
    // fastify's own client errors: bad JSON (400), body too large (413), wrong content type (415)...
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
        return [fe.statusCode, { error: fe.code ?? 'bad-request', message: fe.message }];
    }
    onError?.(err);
    return [500, { error: 'internal', message: 'internal error' }];
}
//# sourceMappingURL=app.js.map