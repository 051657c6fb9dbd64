export {
	buildFaxDocument,
	type BuildFaxDocumentOptions,
	type FaxDocument,
	type FaxDocumentInput,
} from './buildFaxDocument';
export {
	DEFAULT_CONFIDENTIALITY_NOTICE,
	renderCoverPage,
	type CoverPageInput,
	type CoverPageRenderInput,
} from './coverPage';
export {
	describeType,
	detectType,
	extensionFor,
	isAcceptedType,
	looksLikeBase64Document,
	mimeTypeFor,
	type AcceptedType,
	type DetectedType,
	type FaxMimeType,
} from './detectType';
export { DocumentError, type DocumentErrorCode } from './errors';
export { readImageInfo, type ExifOrientation, type ImageInfo } from './imageInfo';
export {
	fitImage,
	imageToPdf,
	MAX_PNG_PIXELS,
	placementMatrix,
	type ImagePlacement,
} from './imageToPdf';
export { hasEncryptDictionary, inspectPdf, type PdfInfo } from './inspectPdf';
export { PAGE_MARGIN, PAGE_SIZES, type PageSizeName } from './pageSize';
export { formatBytes, formatSizeAgainstLimit } from './size';
export { sanitizeForFont, wrapText } from './text';
