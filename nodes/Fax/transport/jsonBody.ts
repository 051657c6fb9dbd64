import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';
import { ApplicationError } from 'n8n-workflow';

import { reusedEncoding } from './reusedEncoding';

/**
 * The JSON bytes of a request that carries a document as base64. `JSON.stringify` of a
 * multi-megabyte string, and the HTTP client's conversion of that string back into bytes,
 * cost more CPU than the upload itself; here the base64 text is written once, straight into
 * the body. `build` gets a placeholder to put where the base64 string goes.
 *
 * A document uploaded again copies its kept base64 text instead of encoding the file again
 * (see reusedEncoding.ts).
 */
export function jsonWithBase64Document(
	document: Buffer,
	build: (placeholder: string) => IDataObject,
): Buffer {
	const placeholder = `n8n-fax-document-${randomUUID()}`;
	const parts = JSON.stringify(build(placeholder)).split(`"${placeholder}"`);
	if (parts.length !== 2)
		throw new ApplicationError('The document placeholder must appear exactly once');
	const [head, tail] = parts.map((part) => Buffer.from(part, 'utf8'));
	const base64 = reusedEncoding(document, 'base64', () =>
		Buffer.from(document.toString('base64'), 'latin1'),
	);
	const base64Length = Math.ceil(document.length / 3) * 4;
	const body = Buffer.allocUnsafe(head.length + base64Length + tail.length + 2);
	let offset = head.copy(body, 0);
	body[offset++] = 0x22;
	offset += base64
		? base64.copy(body, offset)
		: body.write(document.toString('base64'), offset, 'latin1');
	body[offset++] = 0x22;
	tail.copy(body, offset);
	return body;
}
