import type { Request, Response } from 'express';
import multer from 'multer';
import { ImportFileError, LIMITS, LIMITS_TEXT } from './sheet-reader';

/** One spreadsheet in memory, never on disk; over the limit the upload stops at once with a 413. */
const single = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: LIMITS.bytes, files: 1, fields: 10, parts: 12 },
  defParamCharset: 'utf8',
}).single('file');

export interface Upload {
  buffer: Buffer;
  name: string;
}

export function receiveUpload(request: Request, response: Response): Promise<Upload> {
  return new Promise((resolve, reject) => {
    single(request, response, (error: unknown) => {
      if (error instanceof multer.MulterError) {
        if (error.code === 'LIMIT_FILE_SIZE') {
          return reject(new ImportFileError('too_large', `文件超过 20 MB，超出导入上限（${LIMITS_TEXT}）`, 413));
        }
        return reject(new ImportFileError('bad_upload', '一次只能上传一个文件，表单字段名为 file'));
      }
      if (error) return reject(new ImportFileError('bad_upload', '上传没有完成，请重试'));
      const file = request.file;
      if (!file) return reject(new ImportFileError('no_file', '请选择一个 .xlsx 或 .csv 文件上传（multipart/form-data，字段名 file）'));
      resolve({ buffer: file.buffer, name: file.originalname });
    });
  });
}
