from rest_framework import generics

from ingest.serializers import ExamSerializer


class ExamCreateView(generics.CreateAPIView):
    """POST an exam: validate, store, answer 201 with the serializer's echo of the stored exam."""

    serializer_class = ExamSerializer
