package io.credagent.agent;

import io.credagent.bootstrap.CredentialBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into every intercepted credential lookup ({@code getCredentials()} in SDK v1 copies,
 * {@code resolveCredentials()} in SDK v2 copies, relocated or not).
 *
 * <p>It references only JDK types and the bootstrap bridge, so the same bytecode is valid in any
 * class loader and any package prefix. If the bridge answers, the original method body is skipped
 * and the answer is returned; if it throws, the SDK exception reaches the caller; if it returns
 * {@code null}, the original method runs unchanged.
 */
public final class CredentialLookupAdvice {

    private CredentialLookupAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    public static Object enter(@Advice.This Object provider) {
        return CredentialBridge.answer(provider);
    }

    @Advice.OnMethodExit
    public static void exit(@Advice.Enter Object answer,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object credentials) {
        if (answer != null) {
            credentials = answer;
        }
    }
}
