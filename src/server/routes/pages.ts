// /pages/{name}: small public pages the local server serves itself, without the key (they are fixed
// content): the shop the bundled browser example (examples/browser_shop_order.py) fills in, and a blank
// page of the server's own origin where the recorder's encoder runs (a secure context, which WebCodecs
// needs). A function run by this server reaches them at NOTTE_API_URL + /pages/….
import type { ServerResponse } from 'http';
import { notFound } from '../http';

const SHOP = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Notte Local Shop</title>
<style>body{font:15px system-ui,sans-serif;margin:24px;max-width:760px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 10px}
label{display:block;margin:8px 0 2px}#confirmation{margin-top:16px;padding:8px;background:#e8f5e9}.promo{display:none}</style></head>
<body>
<header><nav><a href="/pages/shop">Shop</a> · <a href="/pages/shop#help">Help</a></nav></header>
<main>
<h1>Notte Local Shop</h1>
<p>Everything here is served by the local Notte Functions server, for offline browser functions.</p>
<p class="promo">Hidden promotion: this text is not shown and is left out of scrapes.</p>
<table>
<thead><tr><th>Product</th><th>Price</th><th>In stock</th></tr></thead>
<tbody>
<tr><td>Notebook</td><td>€12.00</td><td>yes</td></tr>
<tr><td>Pencil</td><td>€1.50</td><td>yes</td></tr>
<tr><td>Backpack</td><td>€35.00</td><td>no</td></tr>
</tbody></table>
<form id="order" onsubmit="event.preventDefault(); placeOrder();">
<label for="name">Your name</label><input id="name" name="name" placeholder="Ada Lovelace" required>
<label for="email">Email</label><input id="email" name="email" type="email" placeholder="ada@example.com" required>
<label for="product">Product</label><select id="product" name="product"><option value="notebook">Notebook</option><option value="pencil">Pencil</option><option value="backpack">Backpack</option></select>
<label for="quantity">Quantity</label><input id="quantity" name="quantity" type="number" min="1" value="1">
<label><input id="gift" name="gift" type="checkbox"> Gift wrap</label>
<p><button type="submit">Place order</button></p>
</form>
<div id="confirmation" hidden></div>
</main>
<footer id="help">Questions? This shop is pretend: nothing is sold.</footer>
<script>
const PRICES = { notebook: 12, pencil: 1.5, backpack: 35 };
function placeOrder() {
  const product = document.getElementById('product');
  const quantity = Math.max(1, Number(document.getElementById('quantity').value) || 1);
  const name = document.getElementById('name').value.trim();
  const email = document.getElementById('email').value.trim();
  const box = document.getElementById('confirmation');
  const total = (PRICES[product.value] * quantity).toFixed(2);
  const gift = document.getElementById('gift').checked ? ', gift wrapped' : '';
  box.textContent = 'Order placed: ' + quantity + ' x ' + product.options[product.selectedIndex].text + ' for ' + name + ' <' + email + '>' + gift + '. Total: €' + total + '.';
  box.hidden = false;
}
</script>
</body></html>
`;

const PAGES: Record<string, string> = {
  shop: SHOP,
  blank: '<!doctype html><html><head><meta charset="utf-8"><title>Notte local server</title></head><body></body></html>',
};

export function servePage(name: string, res: ServerResponse): void {
  const html = PAGES[name];
  if (!html) throw notFound(`No page ${name}: the local server serves ${Object.keys(PAGES).join(', ')}.`);
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html), 'Cache-Control': 'no-store' });
  res.end(html);
}
