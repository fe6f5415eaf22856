/** The package version, sent in every User-Agent (a test keeps it equal to package.json's). */
export const PACKAGE_VERSION = '0.1.0';

export const USER_AGENT = `n8n-nodes-paysystems/${PACKAGE_VERSION} (n8n community node)`;
