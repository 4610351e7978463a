// Before exceljs sees an upload: is it a zip at all, is it whole, and is it small once unpacked?
// yauzl reads the central directory (a truncated file has none), then every entry is inflated
// once and counted, so a zip that lies about its sizes or hides a bomb is refused here.
// The same pass writes the copy the reader reads (see asciiXml), or only checks (customer loads:
// outPath null, the original is read).
import { createWriteStream } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import yazl from 'yazl';
import yauzl from 'yauzl';
import { AppError } from '../../errors.ts';

export interface ZipLimits {
  maxEntries: number;
  maxUncompressedBytes: number;
}

const refuse = (zh: string, en: string) => new AppError('unsupported_file', `${zh} / ${en}`);

/**
 * Refuses anything but a whole, reasonably sized xlsx, and writes a normalised copy to outPath
 * (same entries, XML in ASCII) for the streaming reader, unless outPath is null.
 */
export async function checkXlsxZip(path: string, outPath: string | null, limits: ZipLimits): Promise<void> {
  const head = Buffer.alloc(8);
  const fh = await openFile(path, 'r');
  try {
    await fh.read(head, 0, 8, 0);
  } finally {
    await fh.close();
  }
  if (head.readUInt32BE(0) === 0xd0cf11e0)
    throw refuse(
      '这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 后再上传',
      'This is an old .xls file: save it as .xlsx and upload again',
    );
  if (head.readUInt32LE(0) !== 0x04034b50)
    throw refuse('文件不是 xlsx 格式，请上传从本系统导出的核实表', 'The file is not an xlsx workbook');

  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, validateEntrySizes: true, autoClose: true }, (err, z) =>
      err || !z ? reject(err) : resolve(z),
    ),
  ).catch(() => {
    throw refuse(
      '文件已损坏或不完整（可能上传中断），请重新保存后再上传',
      'The file is corrupted or truncated',
    );
  });
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw tooBig();
  }
  const names = new Set<string>();
  const out = outPath === null ? null : new yazl.ZipFile();
  const file = outPath === null ? null : createWriteStream(outPath);
  const written = out && file ? pipeline(out.outputStream as Readable, file) : Promise.resolve();
  written.catch(() => {});
  let declared = 0;
  let actual = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      zip.close();
      file?.destroy();
      reject(err);
    };
    zip.on('error', () => fail(corrupt()));
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName.replace(/^\//, '');
      names.add(name);
      declared += entry.uncompressedSize;
      if (declared > limits.maxUncompressedBytes) return fail(tooBig());
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return fail(corrupt());
        const count = new Transform({
          transform(chunk: Buffer, _enc, done) {
            actual += chunk.length;
            if (actual > limits.maxUncompressedBytes) return done(tooBig());
            done(null, chunk);
          },
        });
        const copy = new PassThrough();
        const parts: NodeJS.ReadWriteStream[] = [count];
        if (out && /\.(xml|rels)$/i.test(name)) parts.push(asciiXml());
        pipeline(stream, ...(parts as [Transform]), copy).catch((e: unknown) =>
          fail(e instanceof AppError ? e : corrupt()),
        );
        copy.on('end', () => zip.readEntry());
        // Deflated, not stored: a streamed stored entry needs a data descriptor, which the reader's
        // unzipper cannot find the end of.
        if (out) out.addReadStream(copy, name, { compress: true, compressionLevel: 1 });
        else copy.resume();
      });
    });
    zip.readEntry();
  });
  out?.end();
  await written;
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml'))
    throw refuse('压缩包中不是 Excel 工作簿，请上传 xlsx 文件', 'The zip does not contain an Excel workbook');
}

/**
 * Every non-ASCII character of an XML part as a character reference (中 → &#20013;). exceljs's
 * streaming reader decodes each chunk on its own, so a Chinese character split across two chunks
 * came out as garbage ("核实无��"): with ASCII-only XML there is nothing left to split.
 */
function asciiXml(): Transform {
  const decoder = new StringDecoder('utf8');
  const encode = (text: string) => text.replace(/[^\x00-\x7f]/gu, (c) => `&#${c.codePointAt(0)};`);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, encode(decoder.write(chunk)));
    },
    flush(done) {
      done(null, encode(decoder.end()));
    },
  });
}

const corrupt = () =>
  refuse('文件已损坏或不完整（可能上传中断），请重新保存后再上传', 'The file is corrupted or truncated');
const tooBig = () =>
  new AppError(
    'payload_too_large',
    '文件解压后过大或包含的条目过多，已拒绝（疑似压缩炸弹）/ The workbook is too large once unpacked (possible zip bomb)',
  );
