/**
 * The built package's shared-state and send-memo modules as the node uses them: jest gives
 * each test file its own module registry, and the harness loads the package into it, so
 * requiring them from a file the test imports reaches the same instances.
 */
import path from 'node:path';

const PACKAGE_DIR = path.resolve(__dirname, '../..');

/* eslint-disable @typescript-eslint/no-require-imports */
export const nodeSharedState = require(path.join(PACKAGE_DIR, 'dist/nodes/Fax/sharedState')) as {
	/** Forget this process's memory, as if another n8n process ran next. */
	forgetProcessState: () => void;
	closeSharedStores: () => Promise<void>;
};

export const nodeSendMemo = require(
	path.join(PACKAGE_DIR, 'dist/nodes/Fax/actions/shared/sendMemo'),
) as {
	/** Forget the send memos, key uses and first attempts of this process. */
	forgetSends: () => void;
};
/* eslint-enable @typescript-eslint/no-require-imports */
