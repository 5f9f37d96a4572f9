#!/usr/bin/env python3
"""An outside peer for xmlenc 1.1 (xmlsec1 1.2.37 lacks http://www.w3.org/2009/xmlenc11#rsa-oaep): decrypts the one
EncryptedData of a document with Debian's python3-cryptography and prints the plaintext element.

Key transport: xmlenc11#rsa-oaep with its DigestMethod and MGF (xmlenc-core1 §5.5.2; SHA-1 defaults), or
xmlenc#rsa-oaep-mgf1p (SHA-1 MGF, DigestMethod as given). Block encryption: xmlenc11 aes128/256-gcm (96-bit IV in front,
128-bit tag at the end, §5.2.4) or xmlenc aes128/256-cbc (IV in front, xmlenc padding, §5.2.1).
Usage: xmlenc11_decrypt.py <document.xml> <private-key.pem>"""
import base64
import sys
import xml.etree.ElementTree as ET

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import load_pem_private_key

XENC = '{http://www.w3.org/2001/04/xmlenc#}'
XENC11 = 'http://www.w3.org/2009/xmlenc11#'
DS = '{http://www.w3.org/2000/09/xmldsig#}'
HASHES = {
    'http://www.w3.org/2000/09/xmldsig#sha1': hashes.SHA1,
    'http://www.w3.org/2001/04/xmlenc#sha256': hashes.SHA256,
    'http://www.w3.org/2001/04/xmlenc#sha512': hashes.SHA512,
}
MGFS = {XENC11 + 'mgf1sha1': hashes.SHA1, XENC11 + 'mgf1sha256': hashes.SHA256, XENC11 + 'mgf1sha512': hashes.SHA512}


def cipher_value(el):
    return base64.b64decode(''.join(el.find(XENC + 'CipherData').find(XENC + 'CipherValue').text.split()))


def main(document, key_file):
    data = next(ET.parse(document).getroot().iter(XENC + 'EncryptedData'))
    encrypted_key = data.find(DS + 'KeyInfo').find(XENC + 'EncryptedKey')
    method = encrypted_key.find(XENC + 'EncryptionMethod')
    digest = method.find(DS + 'DigestMethod')
    mgf = method.find('{' + XENC11 + '}MGF')
    digest_hash = HASHES[digest.get('Algorithm')] if digest is not None else hashes.SHA1
    if method.get('Algorithm') == XENC11 + 'rsa-oaep':
        mgf_hash = MGFS[mgf.get('Algorithm')] if mgf is not None else hashes.SHA1
    elif method.get('Algorithm') == 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p':
        mgf_hash = hashes.SHA1
    else:
        raise SystemExit('unsupported key transport ' + method.get('Algorithm'))
    with open(key_file, 'rb') as f:
        key = load_pem_private_key(f.read(), password=None)
    content_key = key.decrypt(cipher_value(encrypted_key), padding.OAEP(mgf=padding.MGF1(mgf_hash()), algorithm=digest_hash(), label=None))
    block = data.find(XENC + 'EncryptionMethod').get('Algorithm')
    octets = cipher_value(data)
    if block in (XENC11 + 'aes128-gcm', XENC11 + 'aes256-gcm'):
        plain = AESGCM(content_key).decrypt(octets[:12], octets[12:], None)
    elif block in ('http://www.w3.org/2001/04/xmlenc#aes128-cbc', 'http://www.w3.org/2001/04/xmlenc#aes256-cbc'):
        decryptor = Cipher(algorithms.AES(content_key), modes.CBC(octets[:16])).decryptor()
        padded = decryptor.update(octets[16:]) + decryptor.finalize()
        plain = padded[: -padded[-1]]
    else:
        raise SystemExit('unsupported block encryption ' + block)
    sys.stdout.write(plain.decode('utf-8'))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
