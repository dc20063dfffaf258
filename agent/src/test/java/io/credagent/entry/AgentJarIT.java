package io.credagent.entry;

import io.credagent.bootstrap.AgentClassLoader;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opens the built agent jar: only the entry class, the bridge and META-INF at the root; the payload
 * is unloadable by ordinary class loaders and loadable by the agent class loader; Java 8 bytecode.
 */
class AgentJarIT {

    private static final File JAR = new File(System.getProperty("credagent.jar", "target/credagent.jar"));
    /** Where the payload's libraries live (agent/pom.xml's relocations). */
    private static final String SHADED = "io/credagent/shaded/";

    @Test
    void rootHoldsOnlyTheEntryClassTheBridgeAndMetaInf() throws IOException {
        List<String> unexpected = new ArrayList<>();
        try (JarFile jar = new JarFile(JAR)) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                boolean allowed = name.startsWith("META-INF/")
                        || name.startsWith("inst/")
                        || name.startsWith("io/credagent/entry/")
                        || name.startsWith("io/credagent/bootstrap/")
                        || name.equals("io/") || name.equals("io/credagent/");
                if (!allowed) {
                    unexpected.add(name);
                }
            }
        }
        assertEquals(new ArrayList<String>(), unexpected, "unexpected entries at the agent jar root");
    }

    @Test
    void payloadHasNoLoadableClassFiles() throws IOException {
        try (JarFile jar = new JarFile(JAR)) {
            List<String> classFiles = new ArrayList<>();
            int classData = 0;
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.startsWith("inst/") && name.endsWith(".class")) {
                    classFiles.add(name);
                }
                if (name.endsWith(".classdata")) {
                    classData++;
                }
            }
            assertEquals(new ArrayList<String>(), classFiles);
            assertTrue(classData > 1000, "payload looks empty: " + classData + " classes");
        }
    }

    @Test
    void manifestDeclaresTheAgent() throws IOException {
        try (JarFile jar = new JarFile(JAR)) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals(AgentEntry.class.getName(), main.getValue("Premain-Class"));
            assertEquals(AgentEntry.class.getName(), main.getValue("Agent-Class"));
            assertEquals(AgentEntry.class.getName(), main.getValue("Main-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
        }
    }

    @Test
    void anOrdinaryClassLoaderCannotSeeThePayload() throws IOException {
        try (URLClassLoader app = new URLClassLoader(new URL[] {JAR.toURI().toURL()}, null)) {
            assertThrows(ClassNotFoundException.class, () -> app.loadClass("org.objectweb.asm.ClassReader"));
            assertThrows(ClassNotFoundException.class,
                    () -> app.loadClass("software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider"));
            assertThrows(ClassNotFoundException.class, () -> app.loadClass("io.credagent.agent.AgentInstaller"));
        }
    }

    @Test
    void theAgentClassLoaderLoadsThePayloadChildFirst() throws Exception {
        AgentClassLoader loader = new AgentClassLoader(JAR, AgentClassLoader.jdkParent());
        Class<?> installer = loader.loadClass("io.credagent.agent.AgentInstaller");
        assertSame(loader, installer.getClassLoader());
        assertSame(loader, loader.loadClass("org.objectweb.asm.ClassReader").getClassLoader());
        // The warm-up reads its sample through getResource(".class"): must map to .classdata.
        assertNotNull(loader.getResource(SHADED + "software/amazon/awssdk/auth/credentials/DefaultCredentialsProvider.class"));
        // Under its own name only: another agent that looks for the SDK by name finds nothing here.
        assertNull(loader.getResource("software/amazon/awssdk/auth/credentials/DefaultCredentialsProvider.class"));
        // SDK v2 finds its HTTP client through ServiceLoader: credagent's, and only it.
        java.net.URL services = loader.getResource("META-INF/services/" + SHADED.replace('/', '.')
                + "software.amazon.awssdk.http.SdkHttpService");
        assertNotNull(services);
        try (InputStream in = services.openStream()) {
            assertEquals("io.credagent.http.ProxiedHttpService",
                    new java.util.Scanner(in, "UTF-8").useDelimiter("\\A").next().trim());
        }
        // The application's software.amazon.awssdk.http.service.impl is for its SDK, not this copy.
        Class<?> setting = loader.loadClass(SHADED.replace('/', '.') + "software.amazon.awssdk.core.SdkSystemSetting");
        Object sync = setting.getField("SYNC_HTTP_SERVICE_IMPL").get(null);
        assertEquals(SHADED.replace('/', '.') + "software.amazon.awssdk.http.service.impl",
                setting.getMethod("property").invoke(sync));
        assertEquals("credagent", installer.getPackage().getImplementationTitle());
    }

    /** Every payload class is credagent's, ASM, or relocated under {@link #SHADED}: nothing by a library's own name. */
    @Test
    void thePayloadHoldsNoLibraryUnderItsOwnName() throws IOException {
        TreeSet<String> unrelocated = new TreeSet<>();
        try (JarFile jar = new JarFile(JAR)) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.startsWith("inst/") && name.endsWith(".classdata") && !name.startsWith("inst/io/credagent/")
                        && !name.startsWith("inst/org/objectweb/asm/")) {
                    unrelocated.add(name);
                }
            }
        }
        assertEquals(new TreeSet<String>(), unrelocated);
    }

    @Test
    void everyClassIsJava8Bytecode() throws IOException {
        TreeSet<String> tooNew = new TreeSet<>();
        try (JarFile jar = new JarFile(JAR)) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().endsWith(".class") || entry.getName().endsWith(".classdata")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        DataInputStream data = new DataInputStream(in);
                        data.readInt();
                        data.readUnsignedShort();
                        int major = data.readUnsignedShort();
                        if (major > 52) {
                            tooNew.add(entry.getName() + " (" + major + ")");
                        }
                    }
                }
            }
        }
        assertEquals(new TreeSet<String>(), tooNew, "classes above Java 8 bytecode");
    }
}
