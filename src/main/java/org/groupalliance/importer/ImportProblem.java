package org.groupalliance.importer;

/**
 * One problem of an import file: the line (1 = header), the file's column it is in (empty when
 * the whole row or file is meant) and what is wrong, said so the user can fix it.
 */
public record ImportProblem(int line, String column, String message) {
}
