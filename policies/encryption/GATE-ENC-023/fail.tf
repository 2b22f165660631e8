resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository" "worker" {
  name = "worker"

  encryption_configuration {
    encryption_type = "AES256"
  }
}
