import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';
import { ApplicationError } from 'n8n-workflow';

/**
 * The JSON bytes of a request that carries a document as base64. `JSON.stringify` of a
 * multi-megabyte string, and the HTTP client's conversion of that string back into bytes,
 * cost more CPU than the upload itself; here the base64 text is written once, straight into
 * the body. `build` gets a placeholder to put where the base64 string goes.
 *
 * A document uploaded a second time (items of a run that carry the same file share one
 * processed document, see the send step's document cache; or a retry) keeps its base64 text as
 * long as the document lives (a WeakMap on its bytes), and each later upload copies the text
 * instead of encoding the file again. A document uploaded once costs no extra copy.
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
	const base64 = reusedBase64(document);
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

const uploadedOnce = new WeakSet<Buffer>();
const encoded = new WeakMap<Buffer, Buffer>();

/** The kept base64 text of a document on its second and later uploads, else undefined. */
function reusedBase64(document: Buffer): Buffer | undefined {
	if (!uploadedOnce.has(document)) {
		uploadedOnce.add(document);
		return undefined;
	}
	let base64 = encoded.get(document);
	if (!base64) {
		base64 = Buffer.from(document.toString('base64'), 'latin1');
		encoded.set(document, base64);
	}
	return base64;
}
