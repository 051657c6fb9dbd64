import type {
	IDisplayOptions,
	INodeCredentialDescription,
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeTypeDescription,
} from 'n8n-workflow';

import type { ProviderName } from '../providers/types';
import { EDITION_PROVIDER } from './provider';

/**
 * Parameters an edition does not have: the provider picker, Shared State (Redis is for
 * self-hosted queue mode; an edition keeps its state in the n8n process) and the Fax Trigger's
 * notice about FaxDrop, which only makes sense next to a provider picker.
 */
const NOT_IN_EDITIONS = new Set(['provider', 'sharedState', 'faxDropNotice']);

/** The Fax node's one-line description per edition (the shared one names all three services). */
const FAX_NODE_SUMMARY: Record<ProviderName, string> = {
	faxRocks: 'Send, schedule and track faxes with faxrocks',
	faxDrop: 'Send faxes with FaxDrop and track their status',
	sendFaxMail: 'Send, schedule and track faxes with SendFAXMail; manage contacts and numbers',
};

const PROVIDER_KEYS = ['provider', '/provider'];

type Show = NonNullable<IDisplayOptions['show']>;

/**
 * A `show`/`hide` condition with the provider condition answered for `provider`: `false` when
 * it rules the element out, else the condition without the provider key (undefined when empty).
 */
function answerProvider(
	condition: Show | undefined,
	provider: ProviderName,
	whenListed: boolean,
): Show | undefined | false {
	if (!condition) return undefined;
	const rest: Show = { ...condition };
	for (const key of PROVIDER_KEYS) {
		if (!(key in rest)) continue;
		const listed = (rest[key] as unknown[]).includes(provider);
		if (listed !== whenListed) return false;
		delete rest[key];
	}
	return Object.keys(rest).length > 0 ? rest : undefined;
}

/** The display options with every provider condition answered, or `false` to drop the element. */
function editionDisplayOptions(
	displayOptions: IDisplayOptions | undefined,
	provider: ProviderName,
): IDisplayOptions | undefined | false {
	if (!displayOptions) return undefined;
	const show = answerProvider(displayOptions.show, provider, true);
	const hide = answerProvider(displayOptions.hide, provider, false);
	if (show === false || hide === false) return false;
	const next: IDisplayOptions = { ...displayOptions };
	delete next.show;
	delete next.hide;
	if (show) next.show = show;
	if (hide) next.hide = hide;
	return Object.keys(next).length > 0 ? next : undefined;
}

type Element = INodeProperties | INodePropertyOptions | INodePropertyCollection;

function editionElement<T extends Element>(element: T, provider: ProviderName): T | undefined {
	if ('type' in element && NOT_IN_EDITIONS.has(element.name)) return undefined;
	const next = { ...element } as T & { displayOptions?: IDisplayOptions; options?: unknown; values?: unknown };
	if ('displayOptions' in element) {
		const displayOptions = editionDisplayOptions(element.displayOptions, provider);
		if (displayOptions === false) return undefined;
		if (displayOptions) next.displayOptions = displayOptions;
		else delete next.displayOptions;
	}
	if (Array.isArray(next.options)) next.options = editionElements(next.options as Element[], provider);
	if (Array.isArray(next.values)) next.values = editionElements(next.values as Element[], provider);
	return next;
}

function editionElements<T extends Element>(elements: T[], provider: ProviderName): T[] {
	return elements.flatMap((element) => {
		const kept = editionElement(element, provider);
		return kept ? [kept] : [];
	});
}

function editionCredentials(
	credentials: INodeCredentialDescription[],
	provider: ProviderName,
): INodeCredentialDescription[] {
	return credentials.flatMap((credential) => {
		// Shared State = Redis's credential (n8n's built-in `redis`).
		if (credential.displayOptions?.show && 'sharedState' in credential.displayOptions.show) return [];
		const displayOptions = editionDisplayOptions(credential.displayOptions, provider);
		if (displayOptions === false) return [];
		const rest = { ...credential };
		delete rest.displayOptions;
		return [
			displayOptions
				? { ...rest, displayOptions: displayOptions as INodeCredentialDescription['displayOptions'] }
				: rest,
		];
	});
}

/**
 * A node's description as an edition shows it: only what applies to the edition's provider,
 * without a provider picker, Shared State or the Redis credential, and the provider conditions
 * of the remaining fields answered, so each field shows exactly when it shows in n8n-nodes-fax
 * with that provider chosen. The description itself when there is no edition.
 */
export function editionDescription(
	description: INodeTypeDescription,
	provider: ProviderName | undefined = EDITION_PROVIDER,
): INodeTypeDescription {
	if (provider === undefined) return description;
	return {
		...description,
		...(description.name === 'fax' ? { description: FAX_NODE_SUMMARY[provider] } : {}),
		credentials: editionCredentials(description.credentials ?? [], provider),
		properties: editionElements(description.properties, provider),
	};
}
