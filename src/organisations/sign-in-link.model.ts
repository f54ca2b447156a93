import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';

/**
 * A one-time console sign-in link, as its issuer sees it once. The secret is never stored: only its SHA-256 hash. No
 * id: nothing reads a link again through the API (it is used up, or it expires), so nothing needs to name it.
 */
@ObjectType('SignInLink')
export class SignInLink {
  @Field(() => ID, { description: 'The member it signs in' })
  memberId: string;

  @Field()
  createdAt: Date;

  @Field({ description: 'After this it no longer works' })
  expiresAt: Date;
}

@InputType()
export class IssueSignInLinkInput {
  @Field(() => ID, { description: 'A current member of your organisation (yourself included)' })
  @IsUUID('all', { message: 'memberId must be a member id' })
  memberId: string;
}

@ObjectType({ description: 'The link and its secret, shown this once' })
export class IssueSignInLinkPayload {
  @Field(() => SignInLink)
  signInLink: SignInLink;

  @Field({
    description:
      'The secret. It is shown this once and cannot be retrieved again; the member opens `/console/#/sign-in/<secret>` on this service, once',
  })
  secret: string;
}
