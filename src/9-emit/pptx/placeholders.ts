/**
 * Pictures go into the deck as tiny numbered stand-ins that are swapped for the
 * real PNGs when the package is rewritten. Why: pptxgenjs takes pictures as
 * base64 text and decodes them in JavaScript while zipping; a deck's pictures
 * then cost time and, for a large chart, twice their size in memory.
 */
import { crc32, deflateSync } from 'node:zlib';
import type JSZip from 'jszip';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const KEYWORD = 'briefsmith-picture';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A valid 1×1 PNG that carries its number in a text chunk. */
function standIn(n: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('tEXt', Buffer.from(`${KEYWORD}\0${n}`, 'latin1')), chunk('IDAT', deflateSync(Buffer.from([0, 255]))), chunk('IEND', Buffer.alloc(0))]);
}

/** The number a stand-in carries, or undefined for any other PNG. */
function numberOf(png: Uint8Array): number | undefined {
  if (png.length > 200) return undefined;
  const m = new RegExp(`${KEYWORD}\\0(\\d+)`).exec(Buffer.from(png).toString('latin1'));
  return m ? Number(m[1]) : undefined;
}

/** The real pictures of one deck, and their stand-ins. */
export class PictureStandIns {
  private readonly pictures: Buffer[] = [];

  /** A data URI for pptxgenjs that stands for `png`. */
  add(png: Buffer): string {
    this.pictures.push(png);
    return `image/png;base64,${standIn(this.pictures.length - 1).toString('base64')}`;
  }

  /** Puts each real picture where its stand-in is. */
  async swap(zip: JSZip): Promise<void> {
    for (const name of Object.keys(zip.files).filter((n) => /^ppt\/media\/.+\.png$/.test(n))) {
      const n = numberOf(await zip.file(name)!.async('uint8array'));
      if (n !== undefined) zip.file(name, this.pictures[n]!);
    }
  }
}
