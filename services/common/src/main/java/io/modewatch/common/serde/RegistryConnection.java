package io.modewatch.common.serde;

import io.modewatch.common.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How to reach the schema registry: its base URL, optional basic-auth credentials, and an optional
 * truststore (PKCS12) for a registry whose TLS certificate a private CA signed. One place turns it
 * into both clients' settings: the serdes' (Apicurio client) and the registrar's (plain HTTP).
 */
public record RegistryConnection(URI url, Optional<String> username, Optional<Secret> password,
                                 Optional<Path> truststore, Optional<Secret> truststorePassword) {

    public RegistryConnection {
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("registry username and password go together");
        }
    }

    public static RegistryConnection anonymous(URI url) {
        return new RegistryConnection(url, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The Apicurio serde settings for this connection (address, credentials, truststore). */
    Map<String, Object> serdeConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("apicurio.registry.url", url + "/apis/registry/v3");
        username.ifPresent(u -> config.put("apicurio.registry.auth.username", u));
        password.ifPresent(p -> config.put("apicurio.registry.auth.password", p.value()));
        truststore.ifPresent(t -> {
            config.put("apicurio.registry.tls.truststore.location", t.toAbsolutePath().toString());
            config.put("apicurio.registry.tls.truststore.type", "PKCS12");
            truststorePassword.ifPresent(p -> config.put("apicurio.registry.tls.truststore.password", p.value()));
        });
        return config;
    }

    /** An HTTP client that trusts the configured truststore (or the JDK's default CAs). */
    HttpClient httpClient() {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        truststore.ifPresent(t -> builder.sslContext(sslContext(t)));
        return builder.build();
    }

    /** Adds the credentials to a request, if there are any. */
    HttpRequest.Builder authorize(HttpRequest.Builder request) {
        if (username.isPresent()) {
            String pair = username.get() + ":" + password.get().value();
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    private SSLContext sslContext(Path store) {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, truststorePassword.map(p -> p.value().toCharArray()).orElse(null));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keys);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the registry truststore " + store
                    + " (MODEWATCH_REGISTRY_TRUSTSTORE): " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot use the registry truststore " + store
                    + " (MODEWATCH_REGISTRY_TRUSTSTORE, PKCS12): " + e.getMessage(), e);
        }
    }
}
