import { functionLabel, hasDefault, NotteFunction } from '../../api/types';
import { abortOn, missingKey, NotteTool, optionalInteger, whereItRuns } from './toolHelpers';
import { errorText } from './toolText';

interface ListInput {
  filter?: string;
  page?: number;
  page_size?: number;
}

const MAX_PAGE_SIZE = 50;
/** A filtered listing reads the account page by page; past this many functions it stops and says so. */
const FILTER_SCAN_LIMIT = 2000;

/** `notte_list_functions`: the functions with their variables, a page at a time, optionally filtered by name. */
export const listFunctionsTool: NotteTool<ListInput> = {
  async invoke(ctx, input, token) {
    const noKey = await missingKey(ctx);
    if (noKey) return noKey;
    const page = optionalInteger(input, 'page', 1, 1, 1_000_000);
    const pageSize = optionalInteger(input, 'page_size', Math.min(ctx.config.pageSize, MAX_PAGE_SIZE), 1, MAX_PAGE_SIZE);
    const filter = typeof input?.filter === 'string' ? input.filter.trim().toLowerCase() : '';
    const where = whereItRuns(ctx);
    const { signal } = abortOn(token);
    try {
      const client = ctx.connection.client();
      let items: NotteFunction[];
      let hasNext: boolean;
      let scanNote = '';
      if (!filter) {
        const answer = await client.listFunctions({ page, page_size: pageSize }, { signal });
        items = answer.items;
        hasNext = answer.has_next;
      } else {
        // The API has no name filter: read the functions and page the matches here.
        const matches: NotteFunction[] = [];
        let scanned = 0;
        for await (const fn of client.functions({ page_size: 100 }, { signal })) {
          if (++scanned > FILTER_SCAN_LIMIT) {
            scanNote = `\n(Only the first ${FILTER_SCAN_LIMIT} functions were searched.)`;
            break;
          }
          if (`${fn.name ?? ''}\n${fn.function_id}`.toLowerCase().includes(filter)) matches.push(fn);
        }
        items = matches.slice((page - 1) * pageSize, page * pageSize);
        hasNext = matches.length > page * pageSize;
      }
      const what = filter ? `functions matching "${input.filter!.trim()}"` : 'functions';
      if (items.length === 0) return `No ${what} on ${where}${page > 1 ? ` on page ${page}` : ''}.${scanNote}`;
      const lines = [`${items.length} ${what} on ${where} (page ${page}${hasNext ? `; more on page ${page + 1}` : ', the last'}):`];
      for (const fn of items) lines.push(describeFunction(fn));
      lines.push('Run one with notte_run_function {function_id, variables}.');
      return lines.join('\n') + scanNote;
    } catch (error) {
      return errorText(error, { where });
    }
  },
};

function describeFunction(fn: NotteFunction): string {
  const head = `- ${functionLabel(fn)} (function_id: ${fn.function_id})${fn.description ? `: ${oneLine(fn.description)}` : ''}`;
  const variables = (fn.variables ?? []).map((v) => {
    const type = v.type ? `: ${v.type}` : '';
    const fallback = hasDefault(v) ? ` = ${v.default}` : ' (required)';
    return `${v.name}${type}${fallback}`;
  });
  return `${head}\n  variables: ${variables.length ? variables.join(', ') : 'none'}`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
