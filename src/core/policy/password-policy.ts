// Entra's password policy for passwords set through Microsoft Graph (a new user's password, a
// reset) [D: Entra docs concept-password-ban-bad-combined-policy]: 8 to 256 characters; only
// A-Z a-z 0-9, the symbols @ # $ % ^ & * - _ ! + = [ ] { } | \ : ' , . ? / ` ~ " ( ) ; < > and
// the blank space (no other Unicode characters); three of the four categories upper case, lower
// case, digits, symbols. Entra's banned-password list is not modelled [I].

const MIN_LENGTH = 8;
const MAX_LENGTH = 256;
const ALLOWED = /^[A-Za-z0-9@#$%^&*\-_!+=[\]{}|\\:',.?/`~"();<> ]*$/;

/** Why `password` breaks the policy (undefined: it complies), in words a caller can act on. */
export function passwordPolicyProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < MIN_LENGTH) return `It has ${length} characters; at least ${MIN_LENGTH} are required.`;
  if (length > MAX_LENGTH) return `It has ${length} characters; at most ${MAX_LENGTH} are allowed.`;
  if (!ALLOWED.test(password)) {
    return 'It contains a character Entra does not allow: only A-Z, a-z, 0-9, the blank space and the symbols @ # $ % ^ & * - _ ! + = [ ] { } | \\ : \' , . ? / ` ~ " ( ) ; < >.';
  }
  const categories = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((c) => c.test(password)).length;
  if (categories < 3) {
    return `It uses ${categories} of the 4 character categories (upper case, lower case, digits, symbols); 3 are required.`;
  }
  return undefined;
}
