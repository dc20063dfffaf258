package io.credagent.instrument;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * credagent's advice: the few instructions put in front of an intercepted lookup method's own
 * code. In Java, for a method returning {@code T}:
 *
 * <pre>{@code
 * Object answer;
 * try {
 *     answer = io.credagent.bootstrap.CredentialBridge.answer(this);
 * } catch (LinkageError | SecurityException bridgeNotReachable) {
 *     answer = null;
 * }
 * if (answer != null) {
 *     return (T) answer;
 * }
 * // ... the method's own code, unchanged
 * }</pre>
 *
 * It references only JDK types and the bootstrap bridge, so the same code is valid in any class
 * loader and any package prefix (SDK v1, SDK v2, relocated copies). If the bridge answers, the
 * original code is skipped; if it throws, the SDK exception reaches the caller; if it returns
 * {@code null}, the original code runs as if credagent were not there. The transformer only puts
 * it into classes whose loader reaches the bridge ({@link BridgeReach}); should resolving the
 * bridge still fail (a loader that changes its mind), the catch runs the SDK's own code instead of
 * throwing {@code NoClassDefFoundError} into the application. Nothing is added to the class but
 * these instructions, so loaded classes can be retransformed the same way.
 */
final class LookupPrologue extends MethodVisitor {

    private static final String BRIDGE = "io/credagent/bootstrap/CredentialBridge";
    private static final String ANSWER = "(Ljava/lang/Object;)Ljava/lang/Object;";

    private final String returnType;
    private final boolean stackMapFrames;

    /**
     * @param returnType     the method's return type, as an internal name
     * @param stackMapFrames whether the class file has stack map frames (version 50, Java 6, and later)
     */
    LookupPrologue(MethodVisitor method, String returnType, boolean stackMapFrames) {
        super(Opcodes.ASM9, method);
        this.returnType = returnType;
        this.stackMapFrames = stackMapFrames;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        Label call = new Label();
        Label called = new Label();
        Label original = new Label();
        // Declared first, so they precede the method's own handlers; they cover only the call. A
        // SecurityException comes from a loader under a SecurityManager refusing the bootstrap lookup.
        super.visitTryCatchBlock(call, called, original, "java/lang/LinkageError");
        super.visitTryCatchBlock(call, called, original, "java/lang/SecurityException");
        super.visitLabel(call);
        super.visitVarInsn(Opcodes.ALOAD, 0);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "answer", ANSWER, false);
        super.visitLabel(called);
        super.visitInsn(Opcodes.DUP);
        super.visitJumpInsn(Opcodes.IFNULL, original);
        super.visitTypeInsn(Opcodes.CHECKCAST, returnType);
        super.visitInsn(Opcodes.ARETURN);
        // Reached with a null answer or, as the handler, with the exception: either is popped.
        super.visitLabel(original);
        if (stackMapFrames) {
            // The locals are the method's initial ones (a no-argument instance method: just this),
            // so the method's own frames, relative to the previous frame, stay valid after this one.
            super.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {"java/lang/Object"});
        }
        super.visitInsn(Opcodes.POP);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(Math.max(maxStack, 2), maxLocals);
    }
}
