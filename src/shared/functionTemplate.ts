// What New Function… writes: a function file shaped as Notte documents functions (the notte_sdk
// client, a typed run(...), a browser session block, a returned result), and the saved set it offers
// for run()'s variables. No vscode import: the unit tests read it, and Python's own ast checks it.

/** run()'s parameters in the template, with their defaults: the offered saved set holds the same values. */
export const TEMPLATE_VARIABLES = { url: 'https://example.com', max_chars: 500 } as const;

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);

/** Why `name` cannot name a function file (a Python identifier that is not a keyword), or undefined. */
export function functionNameProblem(name: string): string | undefined {
  if (!name) return 'A name is needed, like search_products.';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return `"${name}" is not a Python name: letters, digits and _, not starting with a digit (like search_products).`;
  if (PYTHON_KEYWORDS.has(name)) return `"${name}" is a Python keyword: choose another name.`;
  if (name.startsWith('_')) return 'A name starting with _ is not served as a function by the local server: choose another.';
  return undefined;
}

/**
 * The docstring is the function's description once deployed (the page and the view show it), so it
 * describes the function; the editor's hints are comments, which a description never carries.
 */
export function functionTemplate(name: string): string {
  return `"""${name}: opens a browser session, visits a page and returns what it read."""
# ▶ Run Locally (above run) runs it on this machine, Debug stops at your breakpoints, Deploy makes it a
# function on Notte. Needs the Notte SDK in that Python: pip install notte-sdk.
from notte_sdk import NotteClient


def run(url: str = "${TEMPLATE_VARIABLES.url}", max_chars: int = ${TEMPLATE_VARIABLES.max_chars}) -> dict:
    client = NotteClient()
    with client.Session() as session:
        session.execute(type="goto", url=url)
        observation = session.observe()
        print(f"{observation.metadata.url}: {len(observation.space.interaction_actions)} elements to act on")
        text = session.scrape()
    return {"title": observation.metadata.title, "text": text[:max_chars]}
`;
}
