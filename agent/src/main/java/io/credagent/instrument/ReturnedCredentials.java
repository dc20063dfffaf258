package io.credagent.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.nio.charset.StandardCharsets;

/**
 * Which methods get the {@link ReturnedKeyCheck}: every method that hands SDK credentials to an SDK
 * client, in any class and any SDK copy (relocated ones too): {@code getCredentials()} returning
 * v1's {@code AWSCredentials}, {@code resolveCredentials()} returning v2's {@code AwsCredentials},
 * and the bodies of lambdas returning either (SDK v2's provider is a functional interface).
 */
final class ReturnedCredentials {

    private static final String V1_TYPE = "amazonaws/auth/AWSCredentials";
    private static final String V2_TYPE = "awssdk/auth/credentials/AwsCredentials";
    private static final byte[] V1_MENTION = ("/" + V1_TYPE + ";").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_MENTION = ("/" + V2_TYPE + ";").getBytes(StandardCharsets.US_ASCII);

    private ReturnedCredentials() {
    }

    /**
     * True if the class file names either credentials type in a descriptor: a cheap scan of its
     * bytes that lets nearly every class of an application pass without being parsed.
     */
    static boolean mentioned(byte[] classfile) {
        return contains(classfile, V1_MENTION) || contains(classfile, V2_MENTION);
    }

    /** True for a method (with a body) whose returns are checked. */
    static boolean checked(int access, String name, String descriptor) {
        if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0 || !descriptor.endsWith(";")) {
            return false;
        }
        String returned = Type.getReturnType(descriptor).getInternalName();
        boolean v1 = returned.endsWith("/" + V1_TYPE);
        boolean v2 = returned.endsWith("/" + V2_TYPE);
        if (!v1 && !v2) {
            return false;
        }
        if (name.startsWith("lambda$") && (access & Opcodes.ACC_SYNTHETIC) != 0) {
            return true;
        }
        return (access & Opcodes.ACC_STATIC) == 0 && descriptor.startsWith("()")
                && name.equals(v1 ? "getCredentials" : "resolveCredentials");
    }

    /**
     * True for an already loaded class implementing either provider interface (an attach
     * retransforms these; lambda bodies in already loaded classes stay unchecked).
     */
    static boolean provider(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                String name = i.getName();
                if (name.endsWith(".amazonaws.auth.AWSCredentialsProvider")
                        || name.endsWith(".awssdk.auth.credentials.AwsCredentialsProvider") || provider(i)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
