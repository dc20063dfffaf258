package io.credagent.it.osgi;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Writes OSGi bundles the way projects package the AWS SDKs for OSGi: the SDK's jars embedded on
 * the {@code Bundle-ClassPath}, every package of them exported (as AWS's own {@code aws-java-sdk-osgi}
 * bundle does), and {@code DynamicImport-Package: *} for the JDK's packages. The app's classes sit
 * at the bundle root next to an activator.
 */
public final class Bundles {
    private final String symbolicName;
    private final List<Path> embedded = new ArrayList<>();
    private final List<Class<?>> classes = new ArrayList<>();
    private boolean exportEmbedded;
    private String requireBundle;
    private String activator;

    private Bundles(String symbolicName) {
        this.symbolicName = symbolicName;
    }

    public static Bundles named(String symbolicName) {
        return new Bundles(symbolicName);
    }

    /** Embeds these jars on the bundle class path. */
    public Bundles embed(List<Path> jars) {
        embedded.addAll(jars);
        return this;
    }

    /** Exports every package of the embedded jars. */
    public Bundles exportEmbedded() {
        exportEmbedded = true;
        return this;
    }

    public Bundles requireBundle(String name) {
        requireBundle = name;
        return this;
    }

    /** Puts these classes (with their nested classes) at the bundle root. */
    public Bundles withClasses(Class<?>... types) {
        classes.addAll(List.of(types));
        return this;
    }

    public Bundles activator(Class<?> type) {
        activator = type.getName();
        classes.add(type);
        return this;
    }

    public Path writeTo(Path dir) {
        Path jar = dir.resolve(symbolicName + ".jar");
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        List<String> bundleClassPath = new ArrayList<>(List.of("."));
        embedded.forEach(e -> bundleClassPath.add("lib/" + e.getFileName()));
        main.putValue("Bundle-ClassPath", String.join(",", bundleClassPath));
        if (exportEmbedded) {
            main.putValue("Export-Package", String.join(",", packagesOf(embedded)));
        }
        if (requireBundle != null) {
            main.putValue("Require-Bundle", requireBundle);
        }
        if (activator != null) {
            main.putValue("Bundle-Activator", activator);
            main.putValue("Import-Package", "org.osgi.framework");
        }
        main.putValue("DynamicImport-Package", "*");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Path e : embedded) {
                out.putNextEntry(new JarEntry("lib/" + e.getFileName()));
                Files.copy(e, out);
                out.closeEntry();
            }
            for (Class<?> type : classes) {
                Path root = classesRoot(type);
                String prefix = type.getName().replace('.', '/');
                Path packageDir = root.resolve(prefix).getParent();
                String simple = prefix.substring(prefix.lastIndexOf('/') + 1);
                try (Stream<Path> files = Files.list(packageDir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        String name = f.getFileName().toString();
                        if (name.equals(simple + ".class") || name.startsWith(simple + "$")) {
                            out.putNextEntry(new JarEntry(root.relativize(f).toString().replace('\\', '/')));
                            Files.copy(f, out);
                            out.closeEntry();
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    /** Every package with a class in these jars (not the default package, not META-INF). */
    private static TreeSet<String> packagesOf(List<Path> jars) {
        TreeSet<String> packages = new TreeSet<>();
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                file.stream().map(JarEntry::getName)
                        .filter(n -> n.endsWith(".class") && n.contains("/") && !n.startsWith("META-INF/"))
                        .forEach(n -> packages.add(n.substring(0, n.lastIndexOf('/')).replace('/', '.')));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return packages;
    }

    private static Path classesRoot(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
