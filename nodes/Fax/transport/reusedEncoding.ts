/**
 * What an upload derives from a document's bytes (its base64 text for a JSON body, a Blob for a
 * multipart form), kept for the document's later uploads: items of a run that carry the same
 * file share one processed document (see the send step's document cache), and a retry uploads
 * the same document again. Kept only from the second upload on, as long as the document lives
 * (a WeakMap on its bytes), so a document uploaded once costs no extra copy.
 */
const SEEN = Symbol('uploaded once');
const encodings = new WeakMap<Buffer, Map<string, unknown>>();

/**
 * The kept `kind` encoding of `document` on its second and later uploads (made by `encode`
 * the first time it is asked for), or undefined on the first upload: the caller encodes it
 * itself then, without keeping anything.
 */
export function reusedEncoding<T>(document: Buffer, kind: string, encode: () => T): T | undefined {
	let ofDocument = encodings.get(document);
	if (!ofDocument) {
		ofDocument = new Map();
		encodings.set(document, ofDocument);
	}
	const known = ofDocument.get(kind);
	if (known === undefined) {
		ofDocument.set(kind, SEEN);
		return undefined;
	}
	if (known !== SEEN) return known as T;
	const encoded = encode();
	ofDocument.set(kind, encoded);
	return encoded;
}
