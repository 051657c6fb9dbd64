import { resourceListOperation } from '../shared/resourceOperations';

export const { description, execute } = resourceListOperation('contact', 'contacts', 'contacts');
