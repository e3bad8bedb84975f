"""Orders in the local server's pretend shop with a real browser: a Notte browser function (a session,
observe, fill and click by the ids observe lists, scrape) that runs offline on the local Functions
server, which serves the shop page itself. Needs the Notte SDK: pip install notte-sdk."""
import os

from notte_sdk import NotteClient


def run(name: str = "Ada Lovelace", email: str = "ada@example.com", product: str = "Notebook", quantity: int = 2) -> str:
    client = NotteClient()
    # The server running this function sets NOTTE_API_URL to itself, and serves the shop there.
    shop = os.environ.get("NOTTE_API_URL", "http://127.0.0.1:8765").rstrip("/") + "/pages/shop"
    with client.Session() as session:
        session.execute(type="goto", url=shop)
        observation = session.observe()
        ids = {action.text_label: action.id for action in observation.space.interaction_actions}
        print(f"observed {len(ids)} elements: {', '.join(sorted(ids.values()))}")
        session.execute(type="fill", id=ids["name"], value=name)
        session.execute(type="fill", id=ids["email"], value=email)
        session.execute(type="select_dropdown_option", id=ids["Notebook Pencil Backpack"], value=product)
        session.execute(type="fill", id=ids["quantity"], value=str(quantity))
        session.execute(type="click", id=ids["Place order"])
        page = session.scrape()
    confirmation = next(line for line in page.splitlines() if line.startswith("Order placed"))
    print(confirmation)
    return confirmation
