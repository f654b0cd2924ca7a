import { type FastifyError, type FastifyInstance } from 'fastify';
import type { ServingModel } from './model.js';
/**
 * The HTTP JSON API over a loaded run (fastify):
 *   GET  /similar?item=ID|title words&k=10
 *   GET  /recommend?user=ID&k=10[&exclude=all|train|none]   or   ?history=ID1,ID2&k=10
 *   POST /recommend {"history": [ID, ...], "k": 10}          (a new user: fold-in)
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
    candidates?: {
        id: string;
        title: string | null;
    }[];
}
export declare function buildServer(model: ServingModel, opts?: ServerOptions): FastifyInstance;
/** Maps an error to an HTTP status and a JSON body; only unexpected errors are 500. */
export declare function errorResponse(err: FastifyError | Error, onError?: (err: unknown) => void): [number, ErrorBody];
export {};
