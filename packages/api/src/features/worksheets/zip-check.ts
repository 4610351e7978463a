// Before exceljs sees an upload: is it a zip at all, is it whole, and is it small once unpacked?
// yauzl reads the central directory (a truncated file has none), then every entry is inflated
// once and counted, so a zip that lies about its sizes or hides a bomb is refused here.
import { open as openFile } from 'node:fs/promises';
import yauzl from 'yauzl';
import { AppError } from '../../errors.ts';

export interface ZipLimits {
  maxEntries: number;
  maxUncompressedBytes: number;
}

const refuse = (zh: string, en: string) => new AppError('unsupported_file', `${zh} / ${en}`);

export async function checkXlsxZip(path: string, limits: ZipLimits): Promise<void> {
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
  let declared = 0;
  let actual = 0;
  await new Promise<void>((resolve, reject) => {
    const fail = (err: unknown) => {
      zip.close();
      reject(err);
    };
    zip.on('error', () => fail(corrupt()));
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      names.add(entry.fileName.replace(/^\//, ''));
      declared += entry.uncompressedSize;
      if (declared > limits.maxUncompressedBytes) return fail(tooBig());
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return fail(corrupt());
        stream.on('data', (chunk: Buffer) => {
          actual += chunk.length;
          if (actual > limits.maxUncompressedBytes) {
            stream.destroy();
            fail(tooBig());
          }
        });
        stream.on('error', () => fail(corrupt()));
        stream.on('end', () => zip.readEntry());
      });
    });
    zip.readEntry();
  });
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml'))
    throw refuse('压缩包中不是 Excel 工作簿，请上传 xlsx 文件', 'The zip does not contain an Excel workbook');
}

const corrupt = () =>
  refuse('文件已损坏或不完整（可能上传中断），请重新保存后再上传', 'The file is corrupted or truncated');
const tooBig = () =>
  new AppError(
    'payload_too_large',
    '文件解压后过大或包含的条目过多，已拒绝（疑似压缩炸弹）/ The workbook is too large once unpacked (possible zip bomb)',
  );
