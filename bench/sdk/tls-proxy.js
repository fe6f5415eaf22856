'use strict';
/**
 * A local HTTPS front for an http:// sandbox: the official Bitrix24 JS SDK accepts only https://
 * webhook URLs. The certificate is made at run time for 127.0.0.1 and localhost, valid for one
 * day, and thrown away with the folder it lives in: with the `openssl` command when there is one,
 * else with the node-forge package (a pinned devDependency). The client that talks to the proxy
 * trusts it through its CA file (NODE_EXTRA_CA_CERTS=<caFile> for a Node.js process).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const os = require('node:os');
const path = require('node:path');

function hasOpenssl() {
	try {
		execFileSync('openssl', ['version'], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

function opensslCertificate(dir) {
	const keyFile = path.join(dir, 'key.pem');
	const certFile = path.join(dir, 'cert.pem');
	execFileSync(
		'openssl',
		[
			'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
			'-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
			'-addext', 'basicConstraints=critical,CA:TRUE',
			'-keyout', keyFile, '-out', certFile,
		],
		{ stdio: 'ignore' },
	);
	return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8'), certFile, via: 'openssl' };
}

function forgeCertificate(dir) {
	const forge = require('node-forge');
	const keys = forge.pki.rsa.generateKeyPair(2048);
	const cert = forge.pki.createCertificate();
	cert.publicKey = keys.publicKey;
	cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(8))}`;
	cert.validity.notBefore = new Date(Date.now() - 60000);
	cert.validity.notAfter = new Date(Date.now() + 24 * 3600 * 1000);
	const subject = [{ name: 'commonName', value: 'localhost' }];
	cert.setSubject(subject);
	cert.setIssuer(subject);
	cert.setExtensions([
		{ name: 'basicConstraints', cA: true, critical: true },
		{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
	]);
	cert.sign(keys.privateKey, forge.md.sha256.create());
	const certPem = forge.pki.certificateToPem(cert);
	const certFile = path.join(dir, 'cert.pem');
	fs.writeFileSync(certFile, certPem);
	return { key: forge.pki.privateKeyToPem(keys.privateKey), cert: certPem, certFile, via: 'node-forge' };
}

/** A throwaway self-signed certificate in `dir` (cert.pem is also the CA file). */
function makeCertificate(dir) {
	fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
	return hasOpenssl() ? opensslCertificate(dir) : forgeCertificate(dir);
}

/**
 * Starts https://127.0.0.1:<free port> forwarding every request as it is (method, path, headers,
 * body) to `targetUrl` (http://127.0.0.1:<port>) and the answer back. Returns {url, caFile, via,
 * close()}; close() also deletes the certificate.
 */
async function startTlsProxy(targetUrl) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paysystems-tls-'));
	const { key, cert, certFile, via } = makeCertificate(dir);
	const target = new URL(targetUrl);
	const agent = new http.Agent({ keepAlive: true });
	const server = https.createServer({ key, cert }, (req, res) => {
		const upstream = http.request(
			{ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host }, agent },
			(answer) => {
				res.writeHead(answer.statusCode, answer.headers);
				answer.pipe(res);
			},
		);
		// A connection the sandbox drops (a fault) is dropped here too.
		upstream.on('error', () => res.socket?.destroy());
		req.pipe(upstream);
	});
	const sockets = new Set();
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `https://127.0.0.1:${server.address().port}`,
		caFile: certFile,
		via,
		close: () =>
			new Promise((resolve) => {
				for (const s of sockets) s.destroy();
				agent.destroy();
				server.close(() => {
					fs.rmSync(dir, { recursive: true, force: true });
					resolve();
				});
			}),
	};
}

module.exports = { startTlsProxy, makeCertificate };
