// scrape(use_link_placeholders=True): as Notte's cloud, the Markdown's link and image addresses become
// short placeholders (link1, img1.png…), one per distinct address, to spare a model's tokens. Without
// structured extraction (which needs Notte's LLM) nothing maps them back: the cloud answers them masked
// too, and says so in its log; the local server's scrape does the same.

/** An image: `![alt](address)`; its address is taken up to the first `)`. */
const IMAGE = /!\[([^\]]*)\]\s*\(([^)]*?)\)/g;
/** A link, whose text may hold an image (brackets nested twice). */
const LINK = /\[((?:[^[\]]|\[(?:[^[\]]|\[[^[\]]*\])*\])*)\]\s*\(([^)]*?)\)/g;

/** The Markdown with each link's and image's address replaced by its placeholder. */
export function maskLinks(markdown: string): string {
  const images = new Map<string, string>();
  const links = new Map<string, string>();
  const withImages = markdown.replace(IMAGE, (_whole, alt: string, address: string) => {
    if (!address.trim()) return `![${alt}]()`;
    let placeholder = images.get(address);
    if (!placeholder) images.set(address, (placeholder = `img${images.size + 1}.png`));
    return `![${alt}](${placeholder})`;
  });
  return withImages.replace(LINK, (whole, text: string, address: string) => {
    // An image's placeholder just made, read again as a link's address (Notte's test, startsWith("img"),
    // also left a real link to images/… unmasked), and an empty address: kept as they are.
    if (/^img\d+\.png$/.test(address) || !address.trim()) return whole;
    let placeholder = links.get(address);
    if (!placeholder) links.set(address, (placeholder = `link${links.size + 1}`));
    return `[${text}](${placeholder})`;
  });
}
