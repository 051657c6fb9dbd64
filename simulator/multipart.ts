/**
 * A small, strict multipart/form-data parser (RFC 7578) for binary uploads: finds the
 * boundary in the Content-Type, keeps file parts as raw bytes, tolerates a preamble,
 * an epilogue, transport padding after a delimiter and bare-LF line endings.
 */
export interface MultipartPart {
	name: string;
	filename: string | null;
	contentType: string | null;
	data: Buffer;
}

export class MultipartError extends Error {}

/** The boundary parameter of a multipart/form-data Content-Type, or null. */
export function getBoundary(contentType: string | undefined): string | null {
	if (!contentType) return null;
	const [type, ...params] = splitHeaderParams(contentType);
	if (type.toLowerCase() !== 'multipart/form-data') return null;
	for (const param of params) {
		const eq = param.indexOf('=');
		if (eq < 0) continue;
		if (param.slice(0, eq).trim().toLowerCase() === 'boundary') {
			const value = unquote(param.slice(eq + 1).trim());
			return value.length > 0 && value.length <= 200 ? value : null;
		}
	}
	return null;
}

/** Split `a; b=1; c="x;y"` on semicolons outside quotes. */
function splitHeaderParams(value: string): string[] {
	const out: string[] = [];
	let current = '';
	let quoted = false;
	for (let i = 0; i < value.length; i++) {
		const ch = value[i];
		if (quoted && ch === '\\' && i + 1 < value.length) {
			current += ch + value[i + 1];
			i++;
			continue;
		}
		if (ch === '"') quoted = !quoted;
		if (ch === ';' && !quoted) {
			out.push(current.trim());
			current = '';
			continue;
		}
		current += ch;
	}
	out.push(current.trim());
	return out;
}

function unquote(value: string): string {
	if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
		return value.slice(1, -1).replace(/\\(.)/g, '$1');
	}
	return value;
}

function parseDisposition(value: string): { name: string | null; filename: string | null } {
	const [type, ...params] = splitHeaderParams(value);
	if (type.toLowerCase() !== 'form-data') {
		throw new MultipartError('A part is not form-data.');
	}
	let name: string | null = null;
	let filename: string | null = null;
	let filenameStar: string | null = null;
	for (const param of params) {
		const eq = param.indexOf('=');
		if (eq < 0) continue;
		const key = param.slice(0, eq).trim().toLowerCase();
		const raw = param.slice(eq + 1).trim();
		if (key === 'name') name = unquote(raw);
		else if (key === 'filename') filename = unquote(raw);
		else if (key === 'filename*') {
			const match = /^([^']*)'[^']*'(.*)$/.exec(raw);
			if (match) {
				try {
					filenameStar = decodeURIComponent(match[2]);
				} catch {
					filenameStar = match[2];
				}
			}
		}
	}
	return { name, filename: filenameStar ?? filename };
}

function findHeaderEnd(body: Buffer, start: number, end: number): { at: number; length: number } {
	const crlf = body.indexOf('\r\n\r\n', start, 'latin1');
	if (crlf >= 0 && crlf < end) return { at: crlf, length: 4 };
	const lf = body.indexOf('\n\n', start, 'latin1');
	if (lf >= 0 && lf < end) return { at: lf, length: 2 };
	// A part with headers only and no body.
	return { at: end, length: 0 };
}

export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
	const dash = Buffer.from(`--${boundary}`, 'latin1');
	const crlfDelimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
	const lfDelimiter = Buffer.from(`\n--${boundary}`, 'latin1');

	let position: number;
	if (body.subarray(0, dash.length).equals(dash)) {
		position = dash.length;
	} else {
		const first = body.indexOf(lfDelimiter);
		if (first < 0) throw new MultipartError('No multipart boundary found in the body.');
		position = first + lfDelimiter.length;
	}

	const parts: MultipartPart[] = [];
	for (;;) {
		// After a delimiter: "--" closes the body, otherwise padding then a line break.
		if (body[position] === 0x2d && body[position + 1] === 0x2d) return parts;
		while (body[position] === 0x20 || body[position] === 0x09) position++;
		if (body[position] === 0x0d && body[position + 1] === 0x0a) position += 2;
		else if (body[position] === 0x0a) position += 1;
		else throw new MultipartError('Malformed multipart delimiter line.');

		let next = body.indexOf(crlfDelimiter, position);
		let delimiterLength = crlfDelimiter.length;
		if (next < 0) {
			next = body.indexOf(lfDelimiter, position);
			delimiterLength = lfDelimiter.length;
		}
		if (next < 0) throw new MultipartError('The multipart body is not terminated.');

		const headerEnd = findHeaderEnd(body, position, next);
		const headerText = body.subarray(position, headerEnd.at).toString('utf8');
		const dataStart = Math.min(headerEnd.at + headerEnd.length, next);
		let name: string | null = null;
		let filename: string | null = null;
		let contentType: string | null = null;
		for (const line of headerText.split(/\r?\n/)) {
			if (line.trim() === '') continue;
			const colon = line.indexOf(':');
			if (colon < 0) throw new MultipartError('Malformed part header.');
			const headerName = line.slice(0, colon).trim().toLowerCase();
			const value = line.slice(colon + 1).trim();
			if (headerName === 'content-disposition') ({ name, filename } = parseDisposition(value));
			else if (headerName === 'content-type') contentType = value;
		}
		if (name === null) throw new MultipartError('A part has no name.');
		parts.push({ name, filename, contentType, data: body.subarray(dataStart, next) });
		position = next + delimiterLength;
	}
}

/** Text fields (first value wins) and file parts (first per name) of a parsed body. */
export function formFields(parts: readonly MultipartPart[]): {
	fields: Map<string, string>;
	files: Map<string, MultipartPart>;
} {
	const fields = new Map<string, string>();
	const files = new Map<string, MultipartPart>();
	for (const part of parts) {
		if (part.filename !== null) {
			if (!files.has(part.name)) files.set(part.name, part);
		} else if (!fields.has(part.name)) {
			fields.set(part.name, part.data.toString('utf8'));
		}
	}
	return { fields, files };
}

/** parseMultipart without exceptions: the parts, or why the body is malformed. */
export function tryParseMultipart(
	body: Buffer,
	boundary: string,
): { ok: true; parts: MultipartPart[] } | { ok: false; error: string } {
	try {
		return { ok: true, parts: parseMultipart(body, boundary) };
	} catch (error) {
		return { ok: false, error: error instanceof Error ? error.message : String(error) };
	}
}
