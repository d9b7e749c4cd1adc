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
 * A request names what it runs once: {@code image} or {@code build} (each with an optional {@code port}),
 * a one-service stack, or {@code spec}, a whole stack. Checked with the other fields, so a bot hears of
 * every mistake at once; each complaint names the field to change.
 */
@Documented
@Constraint(validatedBy = ImageOrSpec.Validator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ImageOrSpec {

    String message() default "give image or build (with port), or spec";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** What a request with an image, a build or a spec has. */
    interface Runs {
        String image();

        Integer port();

        JsonNode build();

        JsonNode spec();
    }

    class Validator implements ConstraintValidator<ImageOrSpec, Runs> {

        @Override
        public boolean isValid(Runs request, ConstraintValidatorContext context) {
            if (request == null) {
                return true;
            }
            boolean image = request.image() != null;
            boolean build = given(request.build());
            boolean spec = given(request.spec());
            context.disableDefaultConstraintViolation();
            boolean valid = true;
            if (!image && !build && !spec) {
                valid = complain(context, "image", "must be given, or build instead (built from this commit), "
                        + "or spec (a stack's driftless.yaml as JSON)");
            }
            if (image && build) {
                valid = complain(context, "build", "give image or build, not both: build makes the image from this "
                        + "commit");
            }
            if (spec && image) {
                valid = complain(context, "spec", "give image or spec, not both: a spec names its images");
            }
            if (spec && build) {
                valid = complain(context, "build", "give build or spec, not both: a spec gives each service its "
                        + "image or build");
            }
            if (spec && request.port() != null) {
                valid = complain(context, "port", "goes with image or build: a spec gives each service its port");
            }
            return valid;
        }

        private static boolean given(JsonNode node) {
            return node != null && !node.isNull();
        }

        private static boolean complain(ConstraintValidatorContext context, String field, String message) {
            context.buildConstraintViolationWithTemplate(message).addPropertyNode(field).addConstraintViolation();
            return false;
        }
    }
}
