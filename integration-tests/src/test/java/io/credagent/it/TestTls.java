package io.credagent.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throwaway certificate (for {@code *.fake.test}, or for the names given), made with the JDK's
 * keytool: a key store for the test's TLS endpoints and a trust store with only that certificate,
 * for the child JVMs ({@link #trustStoreProperties}). Nothing here is trusted beyond the test.
 */
public final class TestTls {
    public static final String PASSWORD = "changeit";

    final Path keyStore;
    public final Path trustStore;

    private TestTls(Path keyStore, Path trustStore) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
    }

    static TestTls create(Path dir) {
        return create(dir, List.of("*.fake.test", "fake.test"));
    }

    /** A certificate for these DNS names. */
    public static TestTls create(Path dir, List<String> dnsNames) {
        Path keyStore = dir.resolve("fake-test.p12");
        Path cert = dir.resolve("fake-test.crt");
        Path trustStore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "fake", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=" + dnsNames.get(0).replace("*.", ""), "-ext",
                "SAN=" + String.join(",", dnsNames.stream().map(name -> "dns:" + name).toList()), "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "fake", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-rfc", "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "fake", "-file", cert.toString(), "-keystore", trustStore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        return new TestTls(keyStore, trustStore);
    }

    /** The server side: this certificate and its key. */
    public SSLContext serverContext() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes a child JVM trust this certificate, and only it. */
    ChildJvm trustedBy(ChildJvm child) {
        return child.sysProp("javax.net.ssl.trustStore", trustStore.toString())
                .sysProp("javax.net.ssl.trustStorePassword", PASSWORD)
                .sysProp("javax.net.ssl.trustStoreType", "PKCS12");
    }

    private static void keytool(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + command + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
