package io.driftless.api.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.eclipse.jgit.lib.Repository;

/** A branch name git accepts ({@code git check-ref-format --branch}). Null is left to @NotNull. */
@Documented
@Constraint(validatedBy = GitBranch.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface GitBranch {

    /** What a caller is told about a branch name git refuses. */
    String MESSAGE = "must be a branch name git accepts (no spaces, '..', '~', '^', ':', '?', '*', '[', "
            + "'\\\\', '@\\{', control characters; no part starting with '.' or ending with '.lock')";

    String message() default MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Longest branch accepted; git has no limit, but a name is stored and shown. */
    int MAX_LENGTH = 1024;

    class Validator implements ConstraintValidator<GitBranch, String> {

        @Override
        public boolean isValid(String branch, ConstraintValidatorContext context) {
            return branch == null || isValid(branch);
        }

        /**
         * JGit's ref-name rules, plus what git refuses that JGit lets through: '-' first, "HEAD", "@", and
         * a '.lock' at the end of any component, not only the last.
         */
        public static boolean isValid(String branch) {
            return !branch.isEmpty()
                    && branch.length() <= MAX_LENGTH
                    && !branch.startsWith("-")
                    && !branch.equals("HEAD")
                    && !branch.equals("@")
                    && !(branch + "/").contains(".lock/")
                    && Repository.isValidRefName("refs/heads/" + branch);
        }
    }
}
