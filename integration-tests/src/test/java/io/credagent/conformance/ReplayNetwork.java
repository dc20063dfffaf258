package io.credagent.conformance;

import io.credagent.it.TestTls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the replay children's network is made of, built once per test JVM: every host name the
 * conformance data (and credagent's default endpoints for its regions) can name, a hosts file that
 * maps each to 127.0.0.1 (a name not in it does not resolve at all), and one certificate for the
 * https ones, which only the children's trust store trusts.
 */
final class ReplayNetwork {

    private static final Pattern HOST = Pattern.compile("https?://([A-Za-z0-9.-]+)");
    /** A region named anywhere in the data: its default STS, SSO portal and SSO-OIDC endpoints are names too. */
    private static final Pattern REGION = Pattern.compile("\\b[a-z]{2}(?:-gov)?-[a-z]+-[0-9]{1,2}\\b");
    private static ReplayNetwork instance;

    final Path hostsFile;
    final TestTls tls;

    private ReplayNetwork(Path hostsFile, TestTls tls) {
        this.hostsFile = hostsFile;
        this.tls = tls;
    }

    static synchronized ReplayNetwork get() {
        if (instance == null) {
            try {
                TreeSet<String> names = namesInData(Paths.get(System.getProperty("conformance.dir")));
                names.add("sts.amazonaws.com");
                names.removeIf(name -> name.matches("[0-9.]+") || name.equals("localhost"));
                Path dir = Files.createTempDirectory("credagent-replay-network");
                Path hosts = dir.resolve("hosts");
                Files.write(hosts, names.stream().map(name -> "127.0.0.1 " + name).toList());
                instance = new ReplayNetwork(hosts, TestTls.create(dir, List.copyOf(names)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    private static TreeSet<String> namesInData(Path dir) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json"))::iterator) {
                String text = Files.readString(file);
                for (Matcher m = HOST.matcher(text); m.find(); ) {
                    names.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
                }
                for (Matcher m = REGION.matcher(text); m.find(); ) {
                    names.add("sts." + m.group() + ".amazonaws.com");
                    names.add("portal.sso." + m.group() + ".amazonaws.com");
                    names.add("oidc." + m.group() + ".amazonaws.com");
                }
            }
        }
        return names;
    }
}
