// Small HTTP helpers: request bodies (JSON or multipart with payload_json and
// files[n] parts) and Discord-shaped answers.
import type { IncomingMessage } from 'node:http';
import type { UploadedFile } from './messages';

/** What a route handler returns; the server adds the headers every Discord answer has. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ParsedBody {
  json: any;
  files: UploadedFile[];
}

export function json(status: number, body: unknown): Answer {
  return { status, body };
}

export const noContent: Answer = { status: 204 };

/** A Discord JSON error: `{ code, message }` (plus `errors` for 50035). */
export function apiError(status: number, code: number, message: string, errors?: Record<string, unknown>): Answer {
  return { status, body: { message, code, ...(errors ? { errors } : {}) } };
}

export const notFound = (): Answer => apiError(404, 0, '404: Not Found');
export const unknownInteraction = (): Answer => apiError(404, 10062, 'Unknown interaction');
export const alreadyAcknowledged = (): Answer => apiError(400, 40060, 'Interaction has already been acknowledged.');
export const unknownWebhook = (): Answer => apiError(404, 10015, 'Unknown Webhook');
export const unknownMessage = (): Answer => apiError(404, 10008, 'Unknown Message');
export const unknownChannel = (): Answer => apiError(404, 10003, 'Unknown Channel');
export const unknownGuild = (): Answer => apiError(404, 10004, 'Unknown Guild');
export const unknownMember = (): Answer => apiError(404, 10007, 'Unknown Member');
export const unknownUser = (): Answer => apiError(404, 10013, 'Unknown User');
export const unknownRole = (): Answer => apiError(404, 10011, 'Unknown Role');
export const emptyMessage = (): Answer => apiError(400, 50006, 'Cannot send an empty message');
export const invalidFormBody = (errors: Record<string, unknown>): Answer => apiError(400, 50035, 'Invalid Form Body', errors);

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses JSON or multipart/form-data (Node's fetch Response does the multipart work). */
export async function parseBody(contentType: string | undefined, raw: Buffer): Promise<ParsedBody> {
  if (raw.length === 0) return { json: undefined, files: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    let payload: any;
    const files: UploadedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') payload = JSON.parse(value);
        continue;
      }
      files.push({
        field,
        filename: value.name,
        contentType: value.type || 'application/octet-stream',
        bytes: Buffer.from(await value.arrayBuffer()),
      });
    }
    return { json: payload, files };
  }
  return { json: JSON.parse(raw.toString('utf8')), files: [] };
}
