'use strict';
/**
 * `npm run install:n8n [-- <n8n user folder>]`: for users with their own n8n. Builds and packs
 * the package, then installs the tarball into `<folder>/.n8n/nodes` exactly as the Community
 * Nodes page would (see installPackage in lib/n8n.js). The folder defaults to N8N_USER_FOLDER,
 * else the home folder (n8n's default: ~/.n8n). Restart n8n afterwards.
 * `npm run install:n8n -- --pack-only` only writes the tarball (into artifacts/), e.g. to copy
 * it into a Docker volume and `npm install <tarball>` in its .n8n/nodes folder there.
 */
const os = require('node:os');
const path = require('node:path');

const n8n = require('./lib/n8n');

async function main() {
	const args = process.argv.slice(2);
	await n8n.bootstrap();
	const pack = await n8n.buildAndPack(path.join(n8n.ROOT, 'artifacts'));
	if (args.includes('--pack-only')) {
		console.log(pack.tarball);
		return;
	}
	const userFolder = path.resolve(args.find((a) => !a.startsWith('--')) || process.env.N8N_USER_FOLDER || os.homedir());
	n8n.installPackage(userFolder, pack.tarball, pack.shasum);
	console.log(`Installed ${n8n.PACKAGE.name} ${pack.version} into ${path.join(userFolder, '.n8n', 'nodes')}.`);
	console.log('Restart n8n: the nodes appear in the nodes panel (search "Bitrix24"), with node types n8n-nodes-paysystems.*.');
}

main().catch((error) => {
	console.error(error.stack || String(error));
	process.exit(1);
});
