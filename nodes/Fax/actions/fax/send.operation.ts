import { toNumberField } from '../common.descriptions';
import { sendOperation } from './sendOperation';

export const { description, execute } = sendOperation('send', {
	...toNumberField,
	name: 'toNumber',
});
