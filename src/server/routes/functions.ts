// /functions and /functions/{id}: list, read, download the code of, upload, update, fork and delete
// functions. The folder's files are changed only through the registry.
import type { IncomingMessage } from 'http';
import path = require('path');
import { signedCodeUrl } from '../codeUrl';
import { HttpError, issue, notFound, readBody, sendJson, validationError } from '../http';
import { boundaryOf, parseMultipart } from '../multipart';
import type { Router } from '../router';
import type { FunctionEntry } from '../functionRegistry';
import { ApiContext, describeWithSchedule, functionEntry, page, readPaging } from './context';

const UPLOAD_LIMIT = 20 * 1024 * 1024;

interface Form {
  file?: { filename?: string; data: Buffer };
  fields: Record<string, string>;
}

export function addFunctionRoutes(router: Router, ctx: ApiContext): void {
  addReadRoutes(router, ctx);
  addWriteRoutes(router, ctx);
}

/** Listing, reading and downloading (GET). */
function addReadRoutes(router: Router, ctx: ApiContext): void {
  const describe = (entry: FunctionEntry, version?: string) => describeWithSchedule(ctx, entry, version);

  router.on('GET', '/functions', async (_req, res, url) => {
    const paging = readPaging(url.searchParams);
    await ctx.registry.refresh();
    const all = ctx.registry.list().filter((e) => !paging.onlyActive || ctx.registry.isActive(e));
    sendJson(
      res,
      200,
      page(all, paging, (e) => describe(e)),
    );
  });

  router.on('GET', '/functions/:id', async (_req, res, url, { id }) => {
    const entry = await functionEntry(ctx, id);
    const version = url.searchParams.get('version') || undefined;
    if (version !== undefined && !entry.meta.versions.some((v) => v.version === version)) throw notFound(`Version ${version} of function ${id} not found.`);
    const plain = signedCodeUrl(ctx.baseUrl(), ctx.key, entry.id, version ?? entry.meta.latest_version);
    sendJson(res, 200, { ...describe(entry, version), url: ctx.encryptUrl ? ctx.encryptUrl(plain) : plain });
  });

  router.on('GET', '/functions/:id/code', async (_req, res, url, { id }) => {
    const entry = await functionEntry(ctx, id);
    const code = ctx.registry.code(entry, url.searchParams.get('version') || undefined);
    if (!code) throw notFound(`Version ${url.searchParams.get('version')} of function ${id} not found.`);
    res.writeHead(200, {
      'Content-Type': 'text/x-python; charset=utf-8',
      'Content-Length': code.length,
      // The id is URL-safe ASCII, so the header is always valid; the real name follows RFC 5987.
      'Content-Disposition': `attachment; filename="${entry.id}.py"; filename*=UTF-8''${encodeURIComponent(path.basename(entry.file))}`,
    });
    res.end(code);
  });
}

/** Uploading, updating, forking and deleting: the folder changes, through the registry. */
function addWriteRoutes(router: Router, ctx: ApiContext): void {
  const describe = (entry: FunctionEntry, version?: string) => describeWithSchedule(ctx, entry, version);
  const checkCode = async (code: Buffer): Promise<void> => {
    const inspection = await ctx.registry.inspectCode(code);
    if (!inspection.ok) throw validationError([issue(['body', 'file'], inspection.error ?? 'The code is not a function.', 'value_error')]);
  };

  router.on('POST', '/functions', async (req, res, url) => {
    const form = await readForm(req);
    const file = form.file;
    if (!file) throw validationError([issue(['body', 'file'], 'Field required', 'missing')]);
    await checkCode(file.data);
    const id = ctx.registry.addFile((form.fields.name || file.filename || 'function').replace(/\.py$/i, ''), file.data);
    const entry = await functionEntry(ctx, id);
    const sharedText = form.fields.shared ?? (url.searchParams.has('shared') ? (url.searchParams.get('shared') ?? '') : undefined);
    const shared = sharedText !== undefined ? parseFormBool(sharedText, 'shared') : undefined;
    ctx.registry.setDetails(entry.id, { name: form.fields.name || undefined, description: form.fields.description || undefined, shared });
    sendJson(res, 200, describe(entry));
  });

  router.on('POST', '/functions/:id', async (req, res, url, { id }) => {
    const entry = await functionEntry(ctx, id);
    const form = await readForm(req);
    // The SDK's update(version=…) updates that version only. A function here is one file, its latest version:
    // another cannot be changed apart from it, which is said, not done silently (after the body is read, so
    // the client reads this answer rather than a reset connection).
    const version = url.searchParams.get('version') || undefined;
    if (version !== undefined && !entry.meta.versions.some((v) => v.version === version)) throw notFound(`Version ${version} of function ${id} not found.`);
    if (version !== undefined && version !== entry.meta.latest_version)
      throw new HttpError(
        409,
        'Not the latest version',
        `The local server keeps one file per function: only its latest version (${entry.meta.latest_version}) can be updated, not ${version}. Update without a version to make a new one.`,
      );
    if (!form.file) throw validationError([issue(['body', 'file'], 'Field required', 'missing')]);
    await checkCode(form.file.data);
    ctx.registry.replaceCode(entry, form.file.data);
    sendJson(res, 200, describe(await functionEntry(ctx, id)));
  });

  router.on('DELETE', '/functions/:id', async (_req, res, _url, { id }) => {
    const entry = await functionEntry(ctx, id);
    const target = ctx.registry.trash(entry);
    ctx.schedules.remove(entry.id);
    sendJson(res, 200, { status: 'success', message: `Function ${entry.id} deleted (its file was moved to ${target}).` });
  });

  router.on('POST', '/functions/:id/fork', async (_req, res, _url, { id }) => {
    const entry = await functionEntry(ctx, id);
    const forkId = ctx.registry.writeFork(entry);
    if (forkId === undefined) throw notFound(`Function ${id} has no code.`);
    const fork = await functionEntry(ctx, forkId);
    ctx.registry.markFork(fork, entry);
    sendJson(res, 200, describe(fork));
  });
}

async function readForm(req: IncomingMessage): Promise<Form> {
  const boundary = boundaryOf(req.headers['content-type']);
  if (!boundary) throw validationError([issue(['body'], 'Expected a multipart/form-data body with the .py file', 'value_error')]);
  const raw = await readBody(req, UPLOAD_LIMIT);
  let parts;
  try {
    parts = parseMultipart(raw, boundary);
  } catch (error) {
    throw validationError([issue(['body'], (error as Error).message, 'value_error')]);
  }
  // Field names come from the client: no prototype to find "constructor" or "__proto__" in.
  const form: Form = { fields: Object.create(null) as Record<string, string> };
  for (const part of parts) {
    if (part.filename !== undefined || part.name === 'file') {
      if (!form.file) form.file = { filename: part.filename, data: part.data };
    } else form.fields[part.name] = part.data.toString('utf8');
  }
  return form;
}

function parseFormBool(value: string, name: string): boolean {
  if (['true', 'True', '1'].includes(value)) return true;
  if (['false', 'False', '0', ''].includes(value)) return false;
  throw validationError([issue(['body', name], 'Input should be a valid boolean', 'bool_parsing')]);
}
