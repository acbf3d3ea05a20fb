/**
 * Name and label syntax checks, with the API server's messages (k8s.io/apimachinery/pkg/util/validation).
 * Each function returns the list of problems; an empty list means valid.
 */

const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const qualifiedNameRe = new RegExp(`^${qualifiedNameFmt}$`);
const qualifiedNameMaxLength = 63;
const labelValueMaxLength = 63;
const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123LabelRe = new RegExp(`^${dns1123LabelFmt}$`);
const dns1123SubdomainRe = new RegExp(`^${dns1123LabelFmt}(\\.${dns1123LabelFmt})*$`);
const dns1123LabelMaxLength = 63;
const dns1123SubdomainMaxLength = 253;

const qualifiedNameChars =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** A qualified name such as `app`, `example.com/role` or `node-role.kubernetes.io/control-plane` (label and annotation keys, taint keys). */
export function qualifiedNameErrors(value: string): string[] {
  const errors: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) {
      errors.push('prefix part must be non-empty');
    } else {
      errors.push(...dns1123SubdomainErrors(prefix).map((m) => `prefix part ${m}`));
    }
  } else {
    return [
      `a qualified name ${qualifiedNameChars} with an optional DNS subdomain prefix and '/' (e.g. 'MyName', or 'my.name', or 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) {
    errors.push('name part must be non-empty');
  } else if (name.length > qualifiedNameMaxLength) {
    errors.push(`name part must be no more than ${qualifiedNameMaxLength} characters`);
  }
  if (name.length > 0 && !qualifiedNameRe.test(name)) {
    errors.push(`name part ${qualifiedNameChars} (e.g. 'MyName', or 'my.name', or '123-abc')`);
  }
  return errors;
}

/** A label value: empty, or at most 63 characters of alphanumerics, `-`, `_`, `.`, starting and ending alphanumeric. */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > labelValueMaxLength) {
    errors.push(`must be no more than ${labelValueMaxLength} characters`);
  }
  if (value.length > 0 && !qualifiedNameRe.test(value)) {
    errors.push(`a valid label must be an empty string or ${qualifiedNameChars} (e.g. 'MyValue', or 'my_value', or '12345')`);
  }
  return errors;
}

/** An RFC 1123 subdomain (object names such as DaemonSet and Node names). */
export function dns1123SubdomainErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > dns1123SubdomainMaxLength) {
    errors.push(`must be no more than ${dns1123SubdomainMaxLength} characters`);
  }
  if (!dns1123SubdomainRe.test(value)) {
    errors.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')",
    );
  }
  return errors;
}

/** An RFC 1123 label (container names, namespace names). */
export function dns1123LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > dns1123LabelMaxLength) {
    errors.push(`must be no more than ${dns1123LabelMaxLength} characters`);
  }
  if (!dns1123LabelRe.test(value)) {
    errors.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')",
    );
  }
  return errors;
}

export const isQualifiedName = (value: string): boolean => qualifiedNameErrors(value).length === 0;
export const isValidLabelValue = (value: string): boolean => labelValueErrors(value).length === 0;
export const isDns1123Subdomain = (value: string): boolean => dns1123SubdomainErrors(value).length === 0;
export const isDns1123Label = (value: string): boolean => dns1123LabelErrors(value).length === 0;
