package io.modewatch.launcher.embedded;

import java.nio.file.Path;

/**
 * A SASL_SSL listener beside the embedded broker's plaintext one: SCRAM-SHA-512 logins over TLS,
 * the way a production cluster is reached. The broker presents the key in {@code keystore} (PKCS12);
 * users are created through the Admin API (SCRAM credentials), as an operator would.
 */
public record SecureListener(int port, Path keystore, String keystorePassword) {
}
