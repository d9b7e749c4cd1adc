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

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request names what it runs once: {@code image} (with an optional {@code port}), a one-service stack,
 * or {@code spec}, a whole stack. Checked with the other fields, so a bot hears of every mistake at once;
 * each complaint names the field to change.
 */
@Documented
@Constraint(validatedBy = ImageOrSpec.Validator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ImageOrSpec {

    String message() default "give image (with port) or spec";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** What a request with an image or a spec has. */
    interface Runs {
        String image();

        Integer port();

        JsonNode spec();
    }

    class Validator implements ConstraintValidator<ImageOrSpec, Runs> {

        @Override
        public boolean isValid(Runs request, ConstraintValidatorContext context) {
            if (request == null) {
                return true;
            }
            boolean spec = request.spec() != null && !request.spec().isNull();
            context.disableDefaultConstraintViolation();
            boolean valid = true;
            if (!spec && request.image() == null) {
                valid = complain(context, "image", "must be given, or spec instead: a stack's driftless.yaml as JSON");
            }
            if (spec && request.image() != null) {
                valid = complain(context, "spec", "give image or spec, not both: a spec names its images");
            }
            if (spec && request.port() != null) {
                valid = complain(context, "port", "goes with image: a spec gives each service its port");
            }
            return valid;
        }

        private static boolean complain(ConstraintValidatorContext context, String field, String message) {
            context.buildConstraintViolationWithTemplate(message).addPropertyNode(field).addConstraintViolation();
            return false;
        }
    }
}
