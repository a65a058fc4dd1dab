/**
 * Regenerates examples/data/pages/: six document pages of the fictional shop (report pages, a policy, a setup guide,
 * a slide, a flyer), four rendered as PNGs and two as JPEG scans, and pages.json with each page's visible text. Run
 * once and commit the output:
 * `pnpm --filter examples exec tsx scripts/make-pages.ts`. Text is drawn by sharp's SVG renderer with the system's
 * DejaVu Sans (apt-get install fonts-dejavu-core), so other machines draw slightly different pixels; nothing at run
 * time renders pages, which keeps the notebook's byte counts the same everywhere.
 *
 * Five pages are over the 1,843,200 pixels qwen3-vl-rerank reads; the flyer is under. A core that resizes inline images
 * scales such pages down before sending them, and keeps the original where that would not be smaller: the scans
 * shrink, the compact rendered PNGs do not.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import sharp from "sharp";

type Block =
  | { kind: "title" | "subtitle"; text: string }
  | { kind: "para"; text: string }
  | { kind: "table"; rows: string[][]; header?: boolean }
  | { kind: "bars"; title: string; labels: string[]; values: number[] }
  | { kind: "pie"; title: string; labels: string[]; values: number[] }
  | { kind: "steps"; items: string[] };

interface PageSpec {
  id: string;
  title: string;
  width: number;
  height: number;
  accent: string;
  blocks: Block[];
  /** Printed and scanned: drawn `scale` times larger, a little crooked and soft, saved as JPEG. Else a rendered PNG. */
  scan?: { scale: number; quality: number; dpi: number };
}

const palette = ["#2f6fde", "#f0ad4e", "#5cb85c", "#d9534f"];

const pages: PageSpec[] = [
  {
    id: "annual-report-p1",
    title: "Annual report 2024, page 1",
    width: 1700,
    height: 2200,
    accent: "#1f4e9c",
    blocks: [
      { kind: "title", text: "Trailhead Outfitters annual report 2024" },
      { kind: "subtitle", text: "Letter from the founders" },
      {
        kind: "para",
        text: "Revenue grew 38 percent to 22.7 million euros, driven by rain jackets, hiking boots and our new tents. Online orders now make up more than half of all sales.",
      },
      {
        kind: "bars",
        title: "Revenue by quarter (million euros)",
        labels: ["Q1", "Q2", "Q3", "Q4"],
        values: [4.1, 5, 6.2, 7.4],
      },
      {
        kind: "para",
        text: "The fourth quarter was the strongest in our history. We opened two stores and hired 41 people.",
      },
    ],
  },
  {
    id: "annual-report-p2",
    title: "Annual report 2024, page 2",
    width: 1700,
    height: 2200,
    accent: "#1f4e9c",
    blocks: [
      { kind: "title", text: "Returns and customer satisfaction" },
      {
        kind: "para",
        text: "The return rate by product category fell in every category but footwear, which stays the highest: customers order two sizes and send one back.",
      },
      {
        kind: "table",
        rows: [
          ["Category", "Return rate", "Change"],
          ["Footwear", "11.8 %", "+0.6"],
          ["Jackets", "7.2 %", "-1.1"],
          ["Tents", "4.1 %", "-0.4"],
          ["Bottles", "1.9 %", "-0.2"],
        ],
      },
      { kind: "para", text: "Customer satisfaction reached 4.6 out of 5 in our yearly survey of 3,200 customers." },
    ],
  },
  {
    id: "returns-policy",
    title: "Returns policy",
    width: 1700,
    height: 2200,
    accent: "#2e7d32",
    // A letter page scanned at 300 dpi: 2550 x 3300 pixels.
    scan: { scale: 1.5, quality: 70, dpi: 300 },
    blocks: [
      { kind: "title", text: "Returns and refunds policy" },
      {
        kind: "para",
        text: "You can return any unworn item for a full refund to the original payment method. The window depends on what you bought:",
      },
      {
        kind: "table",
        rows: [
          ["Item", "Return window", "Condition"],
          ["Shoes and hiking boots", "30 days", "original box"],
          ["Clothing and jackets", "30 days", "unworn, tags on"],
          ["Tents and camping gear", "60 days", "clean and dry"],
          ["Clearance sale", "exchange only", "no refund"],
        ],
      },
      { kind: "para", text: "Refunds reach your account within five business days after the parcel arrives." },
    ],
  },
  {
    id: "tent-setup-guide",
    title: "Ridgeline tent guide",
    width: 1240,
    height: 1754,
    accent: "#7b4a24",
    // An A4 leaflet scanned at 150 dpi, just over the cap.
    scan: { scale: 1, quality: 75, dpi: 150 },
    blocks: [
      { kind: "title", text: "Ridgeline 2 tent: setup guide" },
      { kind: "subtitle", text: "Pitch the tent in three minutes" },
      {
        kind: "steps",
        items: [
          "Spread the footprint and lay the tent on it.",
          "Join the two poles and clip them into the corner grommets.",
          "Hook the tent body onto the poles, starting at the middle.",
          "Throw the fly over the top and stake out both porches.",
        ],
      },
      { kind: "para", text: "Weight 1.4 kg. Two doors and two porches for gear." },
    ],
  },
  {
    id: "sales-by-region-slide",
    title: "Board meeting slide 7",
    width: 1920,
    height: 1080,
    accent: "#5b2c83",
    blocks: [
      { kind: "title", text: "Sales by region, 2024" },
      {
        kind: "pie",
        title: "Share of sales",
        labels: ["North 34 %", "South 27 %", "East 22 %", "West 17 %"],
        values: [34, 27, 22, 17],
      },
    ],
  },
  {
    id: "store-hours-flyer",
    title: "Store flyer",
    width: 1080,
    height: 1350,
    accent: "#c0392b",
    blocks: [
      { kind: "title", text: "Store opening hours" },
      {
        kind: "table",
        header: false,
        rows: [
          ["Monday to Friday", "9:00 to 19:00"],
          ["Saturday", "9:00 to 18:00"],
          ["Sunday", "closed"],
        ],
      },
      {
        kind: "para",
        text: "Find us at 12 Harbour Street, next to the railway station. Free parking behind the store.",
      },
    ],
  },
];

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Greedy word wrap at roughly `columns` characters (DejaVu Sans averages about 0.55 em a character). */
function wrap(text: string, columns: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > columns) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  return line === "" ? lines : [...lines, line];
}

/** An SVG page being laid out top to bottom; it keeps the visible text, in reading order, as it draws it. */
class Layout {
  readonly parts: string[] = [];
  readonly words: string[] = [];
  readonly unit: number;
  readonly margin: number;
  readonly body: number;
  y: number;

  constructor(readonly page: PageSpec) {
    this.unit = page.width / 1700;
    this.margin = 120 * this.unit;
    this.body = 42 * this.unit;
    this.parts.push(`<rect width="${page.width}" height="${page.height}" fill="#ffffff"/>`);
    this.parts.push(`<rect width="${page.width}" height="${36 * this.unit}" fill="${page.accent}"/>`);
    this.y = 36 * this.unit + this.margin;
  }

  get inner(): number {
    return this.page.width - 2 * this.margin;
  }

  text(x: number, y: number, size: number, value: string, extra = ""): void {
    this.parts.push(`<text x="${x}" y="${y}" font-size="${size}" ${extra}>${escapeXml(value)}</text>`);
    this.words.push(value);
  }

  heading(value: string, level: "title" | "subtitle"): void {
    const size = (level === "title" ? 68 : 46) * this.unit;
    const fill = level === "title" ? this.page.accent : "#444444";
    for (const line of wrap(value, Math.floor(this.inner / (size * 0.58)))) {
      this.y += size;
      this.text(this.margin, this.y, size, line, `font-weight="bold" fill="${fill}"`);
      this.y += size * 0.3;
    }
    this.y += size * 0.6;
  }

  paragraphs(items: string[], gap: number): void {
    for (const item of items) {
      for (const line of wrap(item, Math.floor(this.inner / (this.body * 0.56)))) {
        this.y += this.body * 1.45;
        this.text(this.margin, this.y, this.body, line, `fill="#222222"`);
      }
      this.y += this.body * gap;
    }
  }

  table(rows: string[][], header: boolean): void {
    const { margin, body } = this;
    // Columns as wide as their longest cell, stretched to the text width.
    const longest = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)) + 2);
    const total = longest.reduce((sum, value) => sum + value, 0);
    const lefts = longest.map(
      (_, c) => margin + (this.inner * longest.slice(0, c).reduce((sum, value) => sum + value, 0)) / total,
    );
    const rowHeight = body * 2;
    rows.forEach((row, r) => {
      const bold = r === 0 && header;
      if (bold)
        this.parts.push(
          `<rect x="${margin}" y="${this.y}" width="${this.inner}" height="${rowHeight}" fill="#e8eef8"/>`,
        );
      row.forEach((cell, c) => {
        this.text(lefts[c]! + body * 0.5, this.y + rowHeight * 0.68, body, cell, bold ? `font-weight="bold"` : "");
      });
      this.y += rowHeight;
      const line = `x1="${margin}" x2="${margin + this.inner}" y1="${this.y}" y2="${this.y}"`;
      this.parts.push(`<line ${line} stroke="#999999" stroke-width="${2 * this.unit}"/>`);
    });
    this.y += body * 1.5;
  }

  bars(title: string, labels: string[], values: number[]): void {
    const { margin, body } = this;
    this.text(margin, this.y + body * 1.4, body, title, `font-weight="bold"`);
    this.y += body * 2.5;
    const chartHeight = 600 * this.unit;
    const max = Math.max(...values);
    const slot = this.inner / values.length;
    values.forEach((value, i) => {
      const barHeight = (value / max) * (chartHeight - body * 3);
      const x = margin + i * slot + slot * 0.2;
      const top = this.y + chartHeight - body * 1.5 - barHeight;
      this.parts.push(`<rect x="${x}" y="${top}" width="${slot * 0.6}" height="${barHeight}" fill="${palette[0]}"/>`);
      this.text(x + slot * 0.18, top - body * 0.3, body, String(value));
      this.text(x + slot * 0.22, this.y + chartHeight, body, labels[i]!);
    });
    this.y += chartHeight + body * 1.5;
  }

  pie(title: string, labels: string[], values: number[]): void {
    const { margin, body } = this;
    this.text(margin, this.y + body * 1.4, body, title, `font-weight="bold"`);
    const radius = Math.min(this.page.height - this.y - margin, this.page.width / 2) / 2.4;
    const [cx, cy] = [margin + radius * 1.2, this.y + body * 2.5 + radius];
    const total = values.reduce((sum, value) => sum + value, 0);
    let angle = -Math.PI / 2;
    values.forEach((value, i) => {
      const next = angle + (value / total) * 2 * Math.PI;
      const large = next - angle > Math.PI ? 1 : 0;
      const [x1, y1, x2, y2] = [
        cx + radius * Math.cos(angle),
        cy + radius * Math.sin(angle),
        cx + radius * Math.cos(next),
        cy + radius * Math.sin(next),
      ];
      const fill = palette[i % palette.length];
      this.parts.push(
        `<path d="M ${cx} ${cy} L ${x1} ${y1} A ${radius} ${radius} 0 ${large} 1 ${x2} ${y2} Z" fill="${fill}"/>`,
      );
      const legendY = cy - radius * 0.6 + i * body * 2;
      this.parts.push(
        `<rect x="${cx + radius * 1.5}" y="${legendY}" width="${body}" height="${body}" fill="${fill}"/>`,
      );
      this.text(cx + radius * 1.5 + body * 1.6, legendY + body * 0.85, body * 1.2, labels[i]!);
      angle = next;
    });
    this.y = cy + radius + body;
  }

  block(block: Block): void {
    switch (block.kind) {
      case "title":
      case "subtitle":
        this.heading(block.text, block.kind);
        break;
      case "para":
        this.paragraphs([block.text], 1.2);
        break;
      case "steps":
        this.paragraphs(
          block.items.map((item, i) => `${i + 1}. ${item}`),
          0.9,
        );
        break;
      case "table":
        this.table(block.rows, block.header ?? true);
        break;
      case "bars":
        this.bars(block.title, block.labels, block.values);
        break;
      case "pie":
        this.pie(block.title, block.labels, block.values);
        break;
    }
  }
}

/** The page as SVG, and its visible text in reading order. */
function render(page: PageSpec): { svg: string; text: string[] } {
  const layout = new Layout(page);
  for (const block of page.blocks) layout.block(block);
  const footer = `Trailhead Outfitters · ${page.title}`;
  layout.text(layout.margin, page.height - layout.margin / 2, layout.body * 0.7, footer, `fill="#777777"`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${page.width}" height="${page.height}" font-family="DejaVu Sans">${layout.parts.join("")}</svg>`;
  return { svg, text: layout.words };
}

/** The page as an image file: a 16-colour PNG as a PDF renderer would give, or a JPEG as a scanner would. */
async function encode(
  page: PageSpec,
  svg: string,
): Promise<{ file: string; bytes: Buffer; width: number; height: number }> {
  if (page.scan === undefined) {
    // 16 colours without dithering: text and flat charts stay crisp and compress well.
    const bytes = await sharp(Buffer.from(svg))
      .png({ palette: true, colours: 16, dither: 0, effort: 10, compressionLevel: 9 })
      .toBuffer();
    return { file: `${page.id}.png`, bytes, width: page.width, height: page.height };
  }
  const { scale, quality } = page.scan;
  const [width, height] = [Math.round(page.width * scale), Math.round(page.height * scale)];
  const drawn = await sharp(Buffer.from(svg), { density: 72 * scale })
    .flatten({ background: "#ffffff" })
    .toBuffer();
  // Fed in a little crooked onto off-white paper, then cropped back to the sheet; the optics soften the edges.
  const crooked = await sharp(drawn).rotate(0.35, { background: "#f5f2ea" }).toBuffer();
  const bytes = await sharp(crooked).resize({ width, height, fit: "cover" }).blur(0.5).jpeg({ quality }).toBuffer();
  return { file: `${page.id}.jpg`, bytes, width, height };
}

const out = fileURLToPath(new URL("../data/pages/", import.meta.url));
mkdirSync(out, { recursive: true });
const manifest = [];
for (const page of pages) {
  const { svg, text } = render(page);
  const { file, bytes, width, height } = await encode(page, svg);
  writeFileSync(`${out}${file}`, bytes);
  const source = page.scan ? `scan, ${page.scan.dpi} dpi, JPEG` : "rendered, PNG";
  manifest.push({ id: page.id, file, title: page.title, source, width, height, text: text.join(" ") });
  console.log(`${file}: ${width}x${height}, ${bytes.byteLength} bytes`);
}
const about =
  "Pages of the fictional shop's documents, generated by examples/scripts/make-pages.ts. `title` is the weak label a first-stage retriever embeds; `text` is what the page shows, which the offline stand-in server (a lexical scorer, not the model) reads in place of the pixels. The real qwen3-vl-rerank reads the image and ignores this file.";
writeFileSync(`${out}pages.json`, `${JSON.stringify({ about, pages: manifest }, null, 2)}\n`);
