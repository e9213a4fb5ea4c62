package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/**
 * A self-signed server certificate for 127.0.0.1 in a PKCS12 keystore and a truststore holding it,
 * made with the JDK's keytool: what a private CA gives a service in production.
 */
record TestCertificates(Path keystore, Path truststore, String password) {

    static TestCertificates create(Path dir, String password) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path keystore = dir.resolve("server.p12");
        Path truststore = dir.resolve("trust.p12");
        Path pem = dir.resolve("server.pem");
        run(dir, keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password, "-keypass", password);
        run(dir, keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(),
                "-storepass", password, "-file", pem.toString());
        run(dir, keytool, "-importcert", "-noprompt", "-alias", "server", "-file", pem.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", password);
        return new TestCertificates(keystore, truststore, password);
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("%s: %s", command[1], out).isZero();
    }
}
