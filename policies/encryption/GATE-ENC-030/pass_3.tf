# a Gateway Load Balancer listener takes no port and no protocol: it carries GENEVE to the appliances
resource "aws_lb" "inspection" {
  name               = "inspection"
  load_balancer_type = "gateway"
  subnets            = ["subnet-0123456789abcdef0"]
}

resource "aws_lb_listener" "inspection" {
  load_balancer_arn = aws_lb.inspection.arn

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/appliances/0123456789abcdef"
  }
}
