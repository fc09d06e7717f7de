/**
 * A check that a HEIF file holds all the bytes its pictures are made of. libheif decodes a grid
 * photo whose tiles are missing (a file cut short while copied off a phone, say) without an
 * error, painting the missing tiles green: a misleading picture. Evidence gets no preview at all
 * instead, and a note. The boxes read here are from ISO/IEC 14496-12 (ISO base media file format):
 * the top-level boxes, and the item locations (`iloc`) inside `meta`.
 */

interface Box {
  type: string;
  start: number;
  /** Where the box's contents begin (after its size and type). */
  body: number;
  end: number;
}

/** What is wrong with the file's layout, in words, or null when every box and item extent fits. */
export function heifLayoutProblem(bytes: Uint8Array): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = bytes.byteLength;
  let meta: Box | null = null;
  // Up to the meta box, every box must be whole; after it, what matters is that the items' data
  // is there (checked below), so trailing padding after the last box is no problem.
  for (let at = 0; at < length && !meta;) {
    const box = readBox(view, at, length);
    if (typeof box === 'string') return box;
    if (box.end > length) return `the ${box.type} box at byte ${box.start} needs ${box.end - box.start} bytes but the file ends after ${length - box.start} (the file is truncated)`;
    if (box.type === 'meta') meta = box;
    at = box.end;
  }
  if (!meta) return 'no meta box: not a HEIF picture';
  // meta is a full box: version and flags come before its children.
  for (let at = meta.body + 4; at < meta.end;) {
    const box = readBox(view, at, meta.end);
    if (typeof box === 'string') return box;
    if (box.type === 'iloc') return ilocProblem(view, box, length);
    at = box.end;
  }
  return 'no item locations (iloc) in the meta box';
}

function readBox(view: DataView, at: number, limit: number): Box | string {
  if (at + 8 > limit) return `a box header at byte ${at} is cut short`;
  let size = view.getUint32(at);
  const type = String.fromCharCode(view.getUint8(at + 4), view.getUint8(at + 5), view.getUint8(at + 6), view.getUint8(at + 7));
  let body = at + 8;
  if (size === 1) {
    if (at + 16 > limit) return `the ${type} box at byte ${at} is cut short`;
    size = Number(view.getBigUint64(at + 8));
    body = at + 16;
  } else if (size === 0) {
    size = limit - at;
  }
  if (size < body - at) return `the ${type} box at byte ${at} claims an impossible size (${size})`;
  return { type, start: at, body, end: at + size };
}

/** Every extent stored at a file offset (construction method 0) must lie inside the file. */
function ilocProblem(view: DataView, iloc: Box, fileLength: number): string | null {
  let at = iloc.body;
  const need = (bytes: number) => {
    if (at + bytes > iloc.end) throw new RangeError('the item location box (iloc) is cut short');
  };
  const read = (bytes: number): number => {
    need(bytes);
    let value = 0;
    for (let i = 0; i < bytes; i++) value = value * 256 + view.getUint8(at + i);
    at += bytes;
    return value;
  };
  try {
    const version = read(1);
    read(3);
    const sizes = read(2);
    const offsetSize = sizes >> 12;
    const lengthSize = (sizes >> 8) & 0xf;
    const baseOffsetSize = (sizes >> 4) & 0xf;
    const indexSize = version === 1 || version === 2 ? sizes & 0xf : 0;
    const itemCount = read(version < 2 ? 2 : 4);
    for (let item = 0; item < itemCount; item++) {
      const itemId = read(version < 2 ? 2 : 4);
      const method = version === 1 || version === 2 ? read(2) & 0xf : 0;
      read(2);
      const baseOffset = read(baseOffsetSize);
      const extentCount = read(2);
      for (let e = 0; e < extentCount; e++) {
        read(indexSize);
        const offset = read(offsetSize);
        const extentLength = read(lengthSize);
        const end = baseOffset + offset + extentLength;
        if (method === 0 && end > fileLength) {
          return `item ${itemId}'s data runs to byte ${end} but the file has ${fileLength} bytes (the file is truncated)`;
        }
      }
    }
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
