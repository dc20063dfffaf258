package io.credagent.it.apps;

/**
 * {@link V2App}, first printing which SDK v2 and ASM classes the application itself sees:
 * {@code PROVIDER_SOURCE=}, {@code SDK_VERSION=}, {@code ASM_SOURCE=} (or {@code none}). An
 * agent that leaked its own copies onto the application's class path would show up here.
 */
public final class OwnSdkVersionsApp {
    private OwnSdkVersionsApp() {
    }

    public static void main(String[] args) throws Exception {
        Class<?> provider = Class.forName("software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider");
        System.out.println("PROVIDER_SOURCE=" + provider.getProtectionDomain().getCodeSource().getLocation());
        // Read reflectively: the constant would be inlined at compile time from the build's SDK.
        Object version = Class.forName("software.amazon.awssdk.core.util.VersionInfo").getField("SDK_VERSION").get(null);
        System.out.println("SDK_VERSION=" + version);
        String asm;
        try {
            asm = String.valueOf(Class.forName("org.objectweb.asm.ClassReader").getProtectionDomain().getCodeSource()
                    .getLocation());
        } catch (ClassNotFoundException e) {
            asm = "none";
        }
        System.out.println("ASM_SOURCE=" + asm);
        V2App.main(args);
    }
}
