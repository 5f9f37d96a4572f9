// An attacker's certificate that copies the IdP certificate's subject, issuer, serial number and validity,
// but carries (and is signed by) the attacker's key. Name-based trust would accept it; ours must not.
import type { SigningMaterial } from '@samlbridge/certs';
import forge from 'node-forge';

export function cloneCertificate(victim: SigningMaterial, attacker: SigningMaterial): SigningMaterial {
  const original = forge.pki.certificateFromPem(victim.certificatePem);
  const privateKey = forge.pki.privateKeyFromPem(attacker.privateKeyPem) as forge.pki.rsa.PrivateKey;
  const publicKey = forge.pki.publicKeyFromPem(
    forge.pki.publicKeyToPem(forge.pki.certificateFromPem(attacker.certificatePem).publicKey as forge.pki.rsa.PublicKey),
  );
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = original.serialNumber;
  cert.validity.notBefore = original.validity.notBefore;
  cert.validity.notAfter = original.validity.notAfter;
  cert.setSubject(original.subject.attributes);
  cert.setIssuer(original.issuer.attributes);
  cert.sign(privateKey, forge.md.sha256.create());
  return { privateKeyPem: attacker.privateKeyPem, certificatePem: forge.pki.certificateToPem(cert) };
}
