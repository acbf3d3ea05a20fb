/**
 * The cluster's PKI: a CA made at start and a serving certificate signed by it, so that clients verify the
 * server exactly as they verify a real API server (kubeconfig `certificate-authority-data`).
 *
 * Node can generate keys but not X.509 certificates, so keys come from `node:crypto` (native, fast) and the
 * certificates are built and signed by `node-forge` (pure JavaScript: no `openssl` binary needed in CI).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

export interface KeyPairPem {
  certPem: string;
  keyPem: string;
}

/** The CA and the serving certificate; kept across a restart so that clients keep trusting the server. */
export interface ClusterPki {
  ca: KeyPairPem;
  server: KeyPairPem;
}

const validityDays = 365;

function rsaKeyPair(): { privateKeyPem: string; forgePrivate: forge.pki.rsa.PrivateKey; forgePublic: forge.pki.rsa.PublicKey } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return {
    privateKeyPem: privateKey,
    forgePrivate: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey,
    forgePublic: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
  };
}

function newCertificate(publicKey: forge.pki.rsa.PublicKey): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial: the top bit of the first byte cleared, as DER INTEGER must not read as negative.
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  cert.serialNumber = serial.toString('hex');
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + validityDays * 24 * 60 * 60 * 1000);
  return cert;
}

/** Creates a CA and a serving certificate valid for `hosts` (DNS names and IP addresses). */
export function createClusterPki(hosts: readonly string[] = ['localhost', '127.0.0.1', '::1']): ClusterPki {
  const caKeys = rsaKeyPair();
  const caCert = newCertificate(caKeys.forgePublic);
  const caName = [{ name: 'commonName', value: 'daemonset-tools-test-cluster-ca' }];
  caCert.setSubject(caName);
  caCert.setIssuer(caName);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(caKeys.forgePrivate, forge.md.sha256.create());

  const serverKeys = rsaKeyPair();
  const serverCert = newCertificate(serverKeys.forgePublic);
  serverCert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  serverCert.setIssuer(caName);
  serverCert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: hosts.map((host) => (isIP(host) ? { type: 7, ip: host } : { type: 2, value: host })),
    },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  serverCert.sign(caKeys.forgePrivate, forge.md.sha256.create());

  return {
    ca: { certPem: forge.pki.certificateToPem(caCert), keyPem: caKeys.privateKeyPem },
    server: { certPem: forge.pki.certificateToPem(serverCert), keyPem: serverKeys.privateKeyPem },
  };
}
