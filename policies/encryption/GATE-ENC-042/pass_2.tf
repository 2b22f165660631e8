# no artifacts: nothing is stored, whatever the flag says
resource "aws_codebuild_project" "lint" {
  name         = "lint"
  service_role = "arn:aws:iam::111122223333:role/codebuild"

  artifacts {
    type                = "NO_ARTIFACTS"
    encryption_disabled = true
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
  }

  source {
    type     = "GITHUB"
    location = "https://github.com/example/app.git"
  }
}
