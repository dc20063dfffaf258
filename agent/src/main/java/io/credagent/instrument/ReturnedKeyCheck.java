package io.credagent.instrument;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * With option {@code override}: the few instructions put in front of each {@code return} of a
 * method that hands SDK credentials out, whoever wrote it (an SDK static-key provider, a tool's
 * provider such as S3A's, the application's own class or lambda). In Java, for {@code return x;}:
 *
 * <pre>{@code
 * T returned = x;
 * try {
 *     return (T) io.credagent.bootstrap.CredentialBridge.review(returned, this);  // or Owner.class
 * } catch (LinkageError | SecurityException bridgeNotReachable) {
 *     return returned;
 * }
 * }</pre>
 *
 * Like the {@link LookupPrologue} it references only JDK types and the bootstrap bridge, and the
 * catch keeps the method's own result should the bridge not resolve. {@code returned} lives in a
 * new local slot after the method's own ({@code firstFreeLocal}); the one handler, after the
 * method's code, declares only that slot (the others as unknown), so the method's own stack map
 * frames stay valid as they are.
 */
final class ReturnedKeyCheck extends MethodVisitor {

    private static final String BRIDGE = "io/credagent/bootstrap/CredentialBridge";
    private static final String REVIEW = "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;";

    private final String owner;
    private final String returnType;
    private final boolean classAsSupplier;
    private final int returned;
    private final boolean stackMapFrames;
    private final Label keepReturned = new Label();
    private boolean checked;

    /**
     * @param owner           the class's internal name
     * @param classAsSupplier pass the class, not {@code this}, as the supplier: a static method, or one
     *                        that stores into slot 0 (so {@code this} may not be there at a return)
     * @param returnType     the method's return type, as an internal name
     * @param firstFreeLocal the method's own max_locals: the slot for the returned value
     * @param stackMapFrames whether the class file has stack map frames (version 50, Java 6, and later)
     */
    ReturnedKeyCheck(MethodVisitor method, String owner, String returnType, boolean classAsSupplier, int firstFreeLocal,
                     boolean stackMapFrames) {
        super(Opcodes.ASM9, method);
        this.owner = owner;
        this.returnType = returnType;
        this.classAsSupplier = classAsSupplier;
        this.returned = firstFreeLocal;
        this.stackMapFrames = stackMapFrames;
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode != Opcodes.ARETURN) {
            super.visitInsn(opcode);
            return;
        }
        Label call = new Label();
        Label called = new Label();
        super.visitTryCatchBlock(call, called, keepReturned, "java/lang/LinkageError");
        super.visitTryCatchBlock(call, called, keepReturned, "java/lang/SecurityException");
        super.visitVarInsn(Opcodes.ASTORE, returned);
        super.visitLabel(call);
        super.visitVarInsn(Opcodes.ALOAD, returned);
        if (classAsSupplier) {
            super.visitLdcInsn(Type.getObjectType(owner));
        } else {
            super.visitVarInsn(Opcodes.ALOAD, 0);
        }
        super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "review", REVIEW, false);
        super.visitLabel(called);
        super.visitTypeInsn(Opcodes.CHECKCAST, returnType);
        super.visitInsn(Opcodes.ARETURN);
        checked = true;
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        if (checked) {
            super.visitLabel(keepReturned);
            if (stackMapFrames) {
                Object[] locals = new Object[returned + 1];
                java.util.Arrays.fill(locals, Opcodes.TOP);
                locals[returned] = returnType;
                super.visitFrame(Opcodes.F_FULL, locals.length, locals, 1, new Object[] {"java/lang/Object"});
            }
            super.visitInsn(Opcodes.POP);
            super.visitVarInsn(Opcodes.ALOAD, returned);
            super.visitInsn(Opcodes.ARETURN);
        }
        // At a return the stack holds the result (and maybe more beneath): the check needs one slot more.
        super.visitMaxs(maxStack + 1, Math.max(maxLocals, returned + 1));
    }
}
