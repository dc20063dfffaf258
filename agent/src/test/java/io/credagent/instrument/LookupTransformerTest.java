package io.credagent.instrument;

import io.credagent.answer.InterceptedLookup;
import io.credagent.config.AgentConfig;
import io.credagent.log.CapturedLog;
import io.credagent.log.Log;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LookupTransformerTest {

    private static final String FIXTURE = "fixture/amazonaws/auth/AWSCredentialsProviderChain";
    private static final String V2_DEFAULT = "software/amazon/awssdk/auth/credentials/DefaultCredentialsProvider";
    private static final String EQUINOX_LOADER = "org/eclipse/osgi/internal/loader/ModuleClassLoader";
    private static final String BRIDGE = "io.credagent.bootstrap.CredentialBridge";

    private final LookupTransformer transformer = settled(new LookupTransformer(InterceptedLookup.methodsByDeclaringTail(InterceptedLookup.enabled(
            AgentConfig.load(null, Collections.emptyMap(), Collections.emptyMap())))));

    /** As Instrumentations leaves it once the framework loaders are retransformed. */
    private static LookupTransformer settled(LookupTransformer transformer) {
        transformer.settle();
        return transformer;
    }
    /** Any loader but the agent's own (which in this test is the test's loader). */
    private final ClassLoader appLoader = new ClassLoader(getClass().getClassLoader()) { };

    @Test
    void putsTheBridgeCallInFrontOfTheLookupOnly() throws Exception {
        byte[] transformed = transformer.transform(appLoader, V2_DEFAULT, null, null, bytesOf(V2_DEFAULT));
        assertNotNull(transformed);
        assertEquals(java.util.Arrays.asList("ALOAD 0", "INVOKESTATIC io/credagent/bootstrap/CredentialBridge.answer",
                "DUP", "IFNULL", "CHECKCAST software/amazon/awssdk/auth/credentials/AwsCredentials", "ARETURN"),
                firstInstructions(transformed, "resolveCredentials", 6));
        assertTrue(!firstInstructions(transformed, "toString", 2).contains("INVOKESTATIC io/credagent/bootstrap/CredentialBridge.answer"));
    }

    @Test
    void theRewrittenClassVerifiesAndRunsItsOwnCodeWhenTheBridgeDoesNotAnswer() throws Exception {
        byte[] transformed = transformer.transform(appLoader, FIXTURE, null, null, bytesOf(FIXTURE));
        assertNotNull(transformed);
        // Outside the bootstrap loader the bridge is inert (no answer): the original code runs.
        Class<?> rewritten = new DefiningLoader(FIXTURE.replace('/', '.'), transformed).loadClass(FIXTURE.replace('/', '.'));
        Object chain = rewritten.getConstructor().newInstance();
        assertEquals("original after 3 attempts", rewritten.getMethod("getCredentials").invoke(chain));
        assertEquals("untouched", rewritten.getMethod("other").invoke(chain));
    }

    @Test
    void leavesLookAlikesTheJdkAndItsOwnLoaderAlone() throws Exception {
        String lookAlike = "lookalike/amazonaws/auth/AWSCredentialsProviderChain";
        assertNull(transformer.transform(appLoader, lookAlike, null, null, bytesOf(lookAlike)));
        assertNull(transformer.transform(null, V2_DEFAULT, null, null, bytesOf(V2_DEFAULT)));
        assertNull(transformer.transform(LookupTransformer.class.getClassLoader(), V2_DEFAULT, null, null, bytesOf(V2_DEFAULT)));
        assertNull(transformer.transform(appLoader, "com/example/Unrelated", null, null, new byte[0]));
    }

    @Test
    void aLoaderThatRefusesTheBridgeKeepsItsClassesUnchangedAndIsNamedOnce() throws Exception {
        ClassLoader refusing = new RefusingLoader(getClass().getClassLoader());
        try (CapturedLog log = new CapturedLog(Log.Level.ERROR)) {
            assertNull(transformer.transform(refusing, FIXTURE, null, null, bytesOf(FIXTURE)));
            assertNull(transformer.transform(refusing, V2_DEFAULT, null, null, bytesOf(V2_DEFAULT)));
            assertEquals(1, log.lines(), log.text());
            String line = log.text();
            assertTrue(line.startsWith("credagent: cannot answer the lookups of fixture.amazonaws.auth.AWSCredentialsProviderChain"), line);
            assertTrue(line.contains("in class loader the refusing loader (" + RefusingLoader.class.getName() + ")"), line);
            assertTrue(line.contains("does not delegate io.credagent.bootstrap to the bootstrap class loader"), line);
            assertTrue(line.contains("Fix: let that class loader delegate the package io.credagent.bootstrap"), line);
        }
        // Another loader is asked on its own.
        assertNotNull(transformer.transform(appLoader, FIXTURE, null, null, bytesOf(FIXTURE)));
    }

    @Test
    void untilSettledALoaderThatRefusesTheBridgeIsNeitherRememberedNorReported() throws Exception {
        LookupTransformer attaching = new LookupTransformer(InterceptedLookup.methodsByDeclaringTail(InterceptedLookup.enabled(
                AgentConfig.load(null, Collections.emptyMap(), Collections.emptyMap()))));
        ClassLoader refusing = new RefusingLoader(getClass().getClassLoader());
        try (CapturedLog log = new CapturedLog(Log.Level.ERROR)) {
            assertNull(attaching.transform(refusing, FIXTURE, null, null, bytesOf(FIXTURE)));
            assertEquals("", log.text(), "its framework loader may not be retransformed yet");
            attaching.settle();
            assertNull(attaching.transform(refusing, FIXTURE, null, null, bytesOf(FIXTURE)));
            assertEquals(1, log.lines(), log.text());
        }
    }

    @Test
    void thePayloadLoadersOfOtherCredagentCopiesAreNeverInstrumented(@TempDir java.nio.file.Path dir) throws Exception {
        java.io.File jar = dir.resolve("other-credagent.jar").toFile();
        new java.util.jar.JarOutputStream(new java.io.FileOutputStream(jar)).close();
        // As the CLI's payload loader in a JVM whose JAVA_TOOL_OPTIONS also load the agent.
        ClassLoader cliPayload = new io.credagent.bootstrap.AgentClassLoader(jar, getClass().getClassLoader());
        assertNull(transformer.transform(cliPayload, V2_DEFAULT, null, null, bytesOf(V2_DEFAULT)));
    }

    @Test
    void aLoaderWithACopyOfItsOwnOfTheBridgeIsNamedWithWhereTheCopyCameFrom() throws Exception {
        ClassLoader ownCopy = new DefiningLoader(BRIDGE, bytesOf(BRIDGE.replace('.', '/')));
        try (CapturedLog log = new CapturedLog(Log.Level.ERROR)) {
            assertNull(transformer.transform(ownCopy, FIXTURE, null, null, bytesOf(FIXTURE)));
            assertTrue(log.text().contains("it loads a copy of its own of " + BRIDGE), log.text());
        }
    }

    @Test
    void theGuardRunsTheOriginalCodeWhereTheBridgeCannotBeResolved() throws Exception {
        // The prologue written straight into the class, as if the loader had passed the check and then changed its mind.
        ClassReader reader = new ClassReader(bytesOf(FIXTURE));
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                return name.equals("getCredentials") ? new LookupPrologue(next, "java/lang/String", true) : next;
            }
        }, 0);
        String fixture = FIXTURE.replace('/', '.');
        Class<?> rewritten = new DefiningLoader(fixture, writer.toByteArray(), new RefusingLoader(getClass().getClassLoader()))
                .loadClass(fixture);
        Object chain = rewritten.getConstructor().newInstance();
        // Resolving the bridge fails with NoClassDefFoundError, every time: the SDK's own code answers.
        assertEquals("original after 3 attempts", rewritten.getMethod("getCredentials").invoke(chain));
        assertEquals("original after 4 attempts", rewritten.getMethod("getCredentials").invoke(chain));
        // A loader whose lookup of the bridge fails with a SecurityException (a SecurityManager's refusal): the same.
        Class<?> secured = new DefiningLoader(fixture, writer.toByteArray(), new RefusingLoader(getClass().getClassLoader(), true))
                .loadClass(fixture);
        assertEquals("original after 3 attempts", secured.getMethod("getCredentials").invoke(secured.getConstructor().newInstance()));
    }

    @Test
    void frameworkLoadersHandTheBridgePackageToTheBootstrapLoaderAndNothingElse() throws Exception {
        byte[] transformed = transformer.transform(appLoader, EQUINOX_LOADER, null, null, bytesOf(EQUINOX_LOADER));
        assertNotNull(transformed);
        assertEquals(java.util.Arrays.asList("ALOAD 1", "IFNULL", "ALOAD 1", "CALL java/lang/String.startsWith", "JUMP 153",
                "ALOAD 1", "INSN 3", "INSN 1", "INSN 184 java/lang/Class.forName"),
                firstInstructions(transformed, "loadClass", 9).stream().map(i -> i.replace("INVOKESTATIC", "INSN 184")).collect(
                        java.util.stream.Collectors.toList()));
        String name = EQUINOX_LOADER.replace('/', '.');
        ClassLoader framework = (ClassLoader) new DefiningLoader(name, transformed).loadClass(name)
                .getConstructor(ClassLoader.class).newInstance(getClass().getClassLoader());
        // The bridge package goes to the bootstrap loader (which, in this unit test, does not have it) ...
        ClassNotFoundException bootstrap = assertThrows(ClassNotFoundException.class, () -> framework.loadClass(BRIDGE));
        assertEquals(BRIDGE, bootstrap.getMessage().replace('/', '.'));
        // ... and every other name, io.credagent.* included, takes the framework's own path.
        ClassNotFoundException own = assertThrows(ClassNotFoundException.class, () -> framework.loadClass("io.credagent.agent.X"));
        assertTrue(own.getMessage().endsWith("refused by the framework's own code"), own.getMessage());
        assertEquals(String.class, framework.loadClass("java.lang.String"));
        assertTrue(transformer.handles(framework.getClass()));
        assertTrue(LookupTransformer.isFrameworkLoader(framework.getClass()));
    }

    // ---- option override: the key check in front of every return of any credential lookup --------

    private static final String HARD_CODED = "fixture/keys/HardCodedKeys";
    private static final String LAMBDA = "fixture/keys/LambdaKeys";
    private static final String REVIEW = "INVOKESTATIC io/credagent/bootstrap/CredentialBridge.review";

    private final LookupTransformer checking = settled(new LookupTransformer(InterceptedLookup.methodsByDeclaringTail(InterceptedLookup.enabled(
            AgentConfig.load("override=static", Collections.emptyMap(), Collections.emptyMap()))), true));

    @Test
    void withOverrideEveryReturnOfAnApplicationsOwnProviderIsChecked() throws Exception {
        assertNull(transformer.transform(appLoader, HARD_CODED, null, null, bytesOf(HARD_CODED)), "only with override");
        byte[] transformed = checking.transform(appLoader, HARD_CODED, null, null, bytesOf(HARD_CODED));
        assertNotNull(transformed);
        List<String> lookup = firstInstructions(transformed, "resolveCredentials", 1000);
        assertEquals(2, Collections.frequency(lookup, REVIEW), "both returns: " + lookup);
        assertTrue(!firstInstructions(transformed, "other", 1000).contains(REVIEW));
        // An SDK class both answered and checked: the prologue first, its own early return unchecked.
        List<String> sdk = firstInstructions(checking.transform(appLoader, V2_DEFAULT, null, null, bytesOf(V2_DEFAULT)),
                "resolveCredentials", 1000);
        assertEquals("INVOKESTATIC io/credagent/bootstrap/CredentialBridge.answer", sdk.get(1));
        assertEquals("ARETURN", sdk.get(5));
        assertTrue(sdk.contains(REVIEW), sdk.toString());
        String unrelated = "io/credagent/answer/Identity";
        assertNull(checking.transform(appLoader, unrelated, null, null, bytesOf(unrelated)));
    }

    @Test
    void atEveryClassFileVersionTheCheckedClassVerifiesAndKeepsItsKeysWhileTheBridgeIsInert() throws Exception {
        for (int version : new int[] {Opcodes.V1_5, Opcodes.V1_6, Opcodes.V1_8, Opcodes.V11, Opcodes.V17}) {
            byte[] transformed = checking.transform(appLoader, HARD_CODED, null, null, atVersion(bytesOf(HARD_CODED), version));
            assertNotNull(transformed, "version " + version);
            Class<?> rewritten = new DefiningLoader(HARD_CODED.replace('/', '.'), transformed).loadClass(HARD_CODED.replace('/', '.'));
            for (boolean second : new boolean[] {false, true}) {
                Object provider = rewritten.getConstructor(boolean.class).newInstance(second);
                Object keys = rewritten.getMethod("resolveCredentials").invoke(provider);
                assertEquals(second ? "AKIASECONDKEY0000002" : "AKIAFIRSTKEY00000001",
                        ((software.amazon.awssdk.auth.credentials.AwsCredentials) keys).accessKeyId(), "version " + version);
            }
        }
    }

    @Test
    void lambdaBodiesReturningKeysAreCheckedAndRun() throws Exception {
        byte[] transformed = checking.transform(appLoader, LAMBDA, null, null, bytesOf(LAMBDA));
        assertNotNull(transformed);
        Class<?> rewritten = new DefiningLoader(LAMBDA.replace('/', '.'), transformed).loadClass(LAMBDA.replace('/', '.'));
        software.amazon.awssdk.auth.credentials.AwsCredentialsProvider plain =
                (software.amazon.awssdk.auth.credentials.AwsCredentialsProvider) rewritten.getMethod("provider").invoke(null);
        assertEquals("AKIALAMBDAKEY0000003", plain.resolveCredentials().accessKeyId());
        software.amazon.awssdk.auth.credentials.AwsCredentialsProvider capturing =
                (software.amazon.awssdk.auth.credentials.AwsCredentialsProvider) rewritten.getMethod("capturing", String.class, String.class)
                        .invoke(null, "AKIACAPTUREDKEY00004", "s");
        assertEquals("AKIACAPTUREDKEY00004", capturing.resolveCredentials().accessKeyId());
        int checkedLambdas = 0;
        for (String body : new String[] {"lambda$provider$0", "lambda$capturing$1"}) {
            checkedLambdas += firstInstructions(transformed, body, 1000).contains(REVIEW) ? 1 : 0;
        }
        assertEquals(2, checkedLambdas);
    }

    @Test
    void theKeyCheckKeepsTheMethodsOwnResultWhereTheBridgeCannotBeResolved() throws Exception {
        // Written straight into the class, as if the loader had passed the check and then changed its mind.
        ClassReader reader = new ClassReader(bytesOf(HARD_CODED));
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                return name.equals("resolveCredentials") && descriptor.startsWith("()Lsoftware")
                        ? new ReturnedKeyCheck(next, HARD_CODED, "software/amazon/awssdk/auth/credentials/AwsCredentials",
                        false, 10, true) : next;
            }
        }, 0);
        String name = HARD_CODED.replace('/', '.');
        Class<?> rewritten = new DefiningLoader(name, writer.toByteArray(), new RefusingLoader(getClass().getClassLoader()))
                .loadClass(name);
        for (int i = 0; i < 2; i++) {
            Object keys = rewritten.getMethod("resolveCredentials").invoke(rewritten.getConstructor(boolean.class).newInstance(false));
            assertEquals("AKIAFIRSTKEY00000001", ((software.amazon.awssdk.auth.credentials.AwsCredentials) keys).accessKeyId());
        }
    }

    @Test
    void aReturnInsideTheMethodsOwnTryRangeLeavesTheMethodUnchecked() {
        // The shape of a generated proxy's method: the return sits inside a catch-all range.
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        String name = "fixture/keys/ProxyShaped";
        writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, name, null, "java/lang/Object",
                new String[] {"software/amazon/awssdk/auth/credentials/AwsCredentialsProvider"});
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC, "resolveCredentials",
                "()Lsoftware/amazon/awssdk/auth/credentials/AwsCredentials;", null, null);
        org.objectweb.asm.Label start = new org.objectweb.asm.Label();
        org.objectweb.asm.Label end = new org.objectweb.asm.Label();
        org.objectweb.asm.Label handler = new org.objectweb.asm.Label();
        method.visitCode();
        method.visitTryCatchBlock(start, end, handler, "java/lang/RuntimeException");
        method.visitLabel(start);
        method.visitLdcInsn("AKIAPROXYSHAPED00001");
        method.visitLdcInsn("secret");
        method.visitMethodInsn(Opcodes.INVOKESTATIC, "software/amazon/awssdk/auth/credentials/AwsBasicCredentials", "create",
                "(Ljava/lang/String;Ljava/lang/String;)Lsoftware/amazon/awssdk/auth/credentials/AwsBasicCredentials;", false);
        method.visitInsn(Opcodes.ARETURN);
        method.visitLabel(end);
        method.visitLabel(handler);
        method.visitFrame(Opcodes.F_FULL, 1, new Object[] {name}, 1, new Object[] {"java/lang/RuntimeException"});
        method.visitInsn(Opcodes.ATHROW);
        method.visitMaxs(0, 0);
        method.visitEnd();
        writer.visitEnd();
        assertNull(checking.transform(appLoader, name, null, null, writer.toByteArray()));
    }

    @Test
    void aMethodThatReusesSlotZeroPassesItsClassAsTheSupplierAndStillVerifies() throws Exception {
        // What slot-reusing optimisers may produce: `this` overwritten by an int before the return.
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        String name = "fixture/keys/SlotReuse";
        writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, name, null, "java/lang/Object",
                new String[] {"software/amazon/awssdk/auth/credentials/AwsCredentialsProvider"});
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC, "resolveCredentials",
                "()Lsoftware/amazon/awssdk/auth/credentials/AwsCredentials;", null, null);
        method.visitCode();
        method.visitInsn(Opcodes.ICONST_5);
        method.visitVarInsn(Opcodes.ISTORE, 0);
        method.visitLdcInsn("AKIASLOTREUSE0000001");
        method.visitLdcInsn("secret");
        method.visitMethodInsn(Opcodes.INVOKESTATIC, "software/amazon/awssdk/auth/credentials/AwsBasicCredentials", "create",
                "(Ljava/lang/String;Ljava/lang/String;)Lsoftware/amazon/awssdk/auth/credentials/AwsBasicCredentials;", false);
        method.visitInsn(Opcodes.ARETURN);
        method.visitMaxs(0, 0);
        method.visitEnd();
        writer.visitEnd();
        byte[] transformed = checking.transform(appLoader, name, null, null, writer.toByteArray());
        assertNotNull(transformed);
        Class<?> rewritten = new DefiningLoader(name.replace('/', '.'), transformed).loadClass(name.replace('/', '.'));
        Object keys = rewritten.getMethod("resolveCredentials").invoke(rewritten.getConstructor().newInstance());
        assertEquals("AKIASLOTREUSE0000001", ((software.amazon.awssdk.auth.credentials.AwsCredentials) keys).accessKeyId());
    }

    /** The same class as another class-file version would have it (before Java 6: without stack map frames). */
    private static byte[] atVersion(byte[] classfile, int version) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = new ClassWriter(0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int ignored, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(version, access, name, signature, superName, interfaces);
            }
        }, version < Opcodes.V1_6 ? ClassReader.SKIP_FRAMES : 0);
        return writer.toByteArray();
    }

    @Test
    void aBrokenClassFileIsReportedAndLeftUnchanged() {
        assertNull(transformer.transform(appLoader, FIXTURE, null, null, new byte[] {(byte) 0xCA, (byte) 0xFE}));
    }

    @Test
    void theWarmUpRunsOnTheBundledSample() throws Exception {
        List<String> seen = new ArrayList<>();
        TransformerWarmUp.run((loader, name, redefined, domain, bytes) -> {
            seen.add(name + (TransformerWarmUp.isSample(loader) ? " in the sample loader" : ""));
            return transformer.transform(loader, name, redefined, domain, bytes);
        });
        assertEquals(Collections.singletonList(TransformerWarmUp.SAMPLE + " in the sample loader"), seen);
    }

    private static byte[] bytesOf(String internalName) throws IOException {
        try (InputStream in = LookupTransformerTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            assertNotNull(in, internalName);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** The opcodes (with owner and name for calls, type for casts) at the start of {@code method}. */
    private static List<String> firstInstructions(byte[] classFile, String method, int count) {
        List<String> seen = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                if (!name.equals(method) || !seen.isEmpty()) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    private void add(String instruction) {
                        if (seen.size() < count) {
                            seen.add(instruction);
                        }
                    }

                    @Override
                    public void visitVarInsn(int opcode, int var) {
                        add((opcode == Opcodes.ALOAD ? "ALOAD " : opcode + " ") + var);
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
                        add((opcode == Opcodes.INVOKESTATIC ? "INVOKESTATIC " : "CALL ") + owner + "." + name);
                    }

                    @Override
                    public void visitInsn(int opcode) {
                        add(opcode == Opcodes.DUP ? "DUP" : opcode == Opcodes.ARETURN ? "ARETURN" : "INSN " + opcode);
                    }

                    @Override
                    public void visitJumpInsn(int opcode, org.objectweb.asm.Label label) {
                        add(opcode == Opcodes.IFNULL ? "IFNULL" : "JUMP " + opcode);
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        // not listed: the constant is checked by behaviour
                    }

                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        add((opcode == Opcodes.CHECKCAST ? "CHECKCAST " : "TYPE ") + type);
                    }
                };
            }
        }, 0);
        return seen;
    }

    /** Refuses io.credagent.* as a strict framework does; everything else comes from its parent. */
    private static final class RefusingLoader extends ClassLoader {
        private final boolean securityException;

        RefusingLoader(ClassLoader parent) {
            this(parent, false);
        }

        /** @param securityException refuse as a SecurityManager would, instead of not finding the class */
        RefusingLoader(ClassLoader parent, boolean securityException) {
            super(parent);
            this.securityException = securityException;
        }

        @Override
        protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
            if (className.startsWith("io.credagent.")) {
                if (securityException) {
                    throw new SecurityException("access denied (\"java.lang.RuntimePermission\" \"getClassLoader\")");
                }
                throw new ClassNotFoundException(className + " refused");
            }
            return super.loadClass(className, resolve);
        }

        @Override
        public String toString() {
            return "the refusing loader";
        }
    }

    /** Defines one class from the given bytes; everything else comes from the parent (the test's loader). */
    private static final class DefiningLoader extends ClassLoader {
        private final String name;
        private final byte[] bytes;

        DefiningLoader(String name, byte[] bytes) {
            this(name, bytes, LookupTransformerTest.class.getClassLoader());
        }

        DefiningLoader(String name, byte[] bytes, ClassLoader parent) {
            super(parent);
            this.name = name;
            this.bytes = bytes;
        }

        @Override
        protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
            if (className.equals(name)) {
                synchronized (getClassLoadingLock(className)) {
                    Class<?> loaded = findLoadedClass(className);
                    return loaded != null ? loaded : defineClass(className, bytes, 0, bytes.length);
                }
            }
            return super.loadClass(className, resolve);
        }
    }
}
