package io.credagent.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Loads the agent's private payload: the agent implementation, ASM and the AWS SDK v2,
 * kept in the agent jar under {@code inst/} with class files renamed to {@code .classdata} so that
 * no ordinary class loader (the application's, which has the agent jar on its class path) can
 * load them.
 *
 * <p>Child-first: a payload class always wins, so nothing the application or the boot class path
 * carries can shadow the agent's own dependencies, and nothing of the payload is visible to the
 * application. The parent (the platform loader on JDK 9+, the extension loader on JDK 8) supplies
 * the JDK and, through the bootstrap loader, the bridge.
 */
public final class AgentClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private static final String PAYLOAD = "inst/";
    private static final String CLASS_DATA = ".classdata";

    private final JarFile jar;
    private final String jarUrl;
    private final ProtectionDomain protectionDomain;
    private final String version;

    public AgentClassLoader(File agentJar, ClassLoader parent) throws IOException {
        super(parent);
        this.jar = new JarFile(agentJar, false);
        this.jarUrl = agentJar.toURI().toURL().toExternalForm();
        Manifest manifest = jar.getManifest();
        this.version = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        this.protectionDomain = new ProtectionDomain(
                new CodeSource(agentJar.toURI().toURL(), (Certificate[]) null), null, this, null);
    }

    /** The parent that gives the JDK (platform/extension classes included) and nothing else. */
    public static ClassLoader jdkParent() {
        return ClassLoader.getSystemClassLoader().getParent();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                JarEntry entry = jar.getJarEntry(payloadName(name.replace('.', '/') + ".class"));
                loaded = entry != null ? define(name, entry) : getParent() == null
                        ? findSystemBootstrap(name) : getParent().loadClass(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    protected URL findResource(String name) {
        String entryName = payloadName(name);
        if (jar.getJarEntry(entryName) == null) {
            return null;
        }
        try {
            return new URL("jar:" + jarUrl + "!/" + entryName);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.<URL>emptyEnumeration() : Collections.enumeration(Collections.singleton(url));
    }

    /** Payload resources win over the parent's, like classes do. */
    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    /** {@code a/B.class} is stored as {@code inst/a/B.classdata}; other resources keep their name. */
    private static String payloadName(String resource) {
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        if (path.endsWith(".class")) {
            path = path.substring(0, path.length() - ".class".length()) + CLASS_DATA;
        }
        return PAYLOAD + path;
    }

    private Class<?> define(String name, JarEntry entry) throws ClassNotFoundException {
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = readAll(in);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        definePackageOf(name);
        return defineClass(name, bytes, 0, bytes.length, protectionDomain);
    }

    @SuppressWarnings("deprecation") // getPackage: the Java 8 API; getDefinedPackage is 9+
    private void definePackageOf(String className) {
        int dot = className.lastIndexOf('.');
        if (dot < 0) {
            return;
        }
        String packageName = className.substring(0, dot);
        if (getPackage(packageName) == null) {
            try {
                definePackage(packageName, null, null, null, "credagent", version, null, null);
            } catch (IllegalArgumentException alreadyDefinedConcurrently) {
                // another thread won the race: fine
            }
        }
    }

    private Class<?> findSystemBootstrap(String name) throws ClassNotFoundException {
        return Class.forName(name, false, null);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) != -1; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
